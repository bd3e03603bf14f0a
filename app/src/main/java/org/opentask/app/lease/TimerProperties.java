package org.opentask.app.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lease sweep, {@code opentask.timers.*}; see {@code docs/leases.md}.
 *
 * @param pollingInterval how often each instance looks for ended leases and due retries: a lease fails, and a retry
 *                        happens, at most this late
 * @param batchSize       how many of each one look takes at most; a full batch is followed by another at once
 */
@ConfigurationProperties("opentask.timers")
record TimerProperties(@DefaultValue("1s") Duration pollingInterval,
                       @DefaultValue("500") int batchSize) {
}
