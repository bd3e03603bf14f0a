package org.opentask.app.lease;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import org.opentask.api.TaskTiming;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.stereotype.Component;

/** Turns the timing fields of a create request into a {@link TaskTiming}, with the configured defaults. */
@Component
public record TaskTimings(LeaseProperties lease, RetryProperties retry, ZoneId serverZone) {

    public TaskTiming of(Integer timeoutSeconds, Boolean autoRetry, String notBefore) {
        long max = lease.maxTimeout().toSeconds();
        int timeout = timeoutSeconds == null ? (int) lease.defaultTimeout().toSeconds() : timeoutSeconds;
        if (timeout < 0 || timeout > max) {
            throw new InvalidRequestException("timeout_seconds",
                    "timeout_seconds must be between 0 (no lease) and " + max + ", got " + timeout);
        }
        return new TaskTiming(timeout, autoRetry == null ? retry.autoRetryDefault() : autoRetry,
                notBefore(notBefore), ThreadLocalRandom.current().nextLong());
    }

    /** The timing of a task created without any timing fields: the configured defaults. */
    public TaskTiming defaults() {
        return of(null, null, null);
    }

    private Instant notBefore(String text) {
        return text == null ? null : RequestChecks.dateTime("not_before", text, serverZone);
    }
}
