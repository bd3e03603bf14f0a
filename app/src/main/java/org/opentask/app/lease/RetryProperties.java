package org.opentask.app.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Automatic retry, {@code opentask.retry.*}; see {@code docs/leases.md}. A task keeps the delays in force when it
 * was created.
 *
 * @param autoRetryDefault whether a task created without {@code auto_retry} is retried by the engine
 * @param baseDelay        the backoff step of the first automatic retry; each further retry doubles it
 * @param maxDelay         the cap of the backoff step
 */
@ConfigurationProperties("opentask.retry")
record RetryProperties(@DefaultValue("false") boolean autoRetryDefault,
                       @DefaultValue("10s") Duration baseDelay,
                       @DefaultValue("10m") Duration maxDelay) {

    RetryProperties {
        if (baseDelay.toMillis() <= 0 || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("opentask.retry needs 0 < base-delay <= max-delay, got "
                    + baseDelay + " and " + maxDelay);
        }
    }
}
