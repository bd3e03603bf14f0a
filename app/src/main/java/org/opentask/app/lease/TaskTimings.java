package org.opentask.app.lease;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import org.opentask.api.TaskTiming;
import org.opentask.app.system.InvalidRequestException;
import org.springframework.stereotype.Component;

/** Turns the timing fields of a create request into a {@link TaskTiming}, with the configured defaults. */
@Component
public class TaskTimings {

    private final LeaseProperties lease;
    private final RetryProperties retry;
    private final ZoneId zone;

    TaskTimings(LeaseProperties lease, RetryProperties retry, ZoneId serverZone) {
        this.lease = lease;
        this.retry = retry;
        this.zone = serverZone;
    }

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

    /**
     * An ISO-8601 date-time with an offset ({@code 2026-11-25T10:00:00Z}, {@code ...+08:00}), or without one, read
     * in the server's time zone as the API prints times ({@code 2026-11-25T10:00:00}, also with a space for the T).
     */
    Instant notBefore(String text) {
        if (text == null) {
            return null;
        }
        String iso = text.trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("not_before", "not_before must be an ISO-8601 date-time such as "
                        + "2026-11-25T10:00:00 (server time zone) or 2026-11-25T10:00:00Z, got '" + text + "'");
            }
        }
    }
}
