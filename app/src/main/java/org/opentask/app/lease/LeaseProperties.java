package org.opentask.app.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leases, {@code opentask.lease.*}; see {@code docs/leases.md}.
 *
 * @param defaultTimeout the lease of a task created without {@code timeout_seconds}; 0 (the default): such tasks
 *                       have no lease, as in the original service, whose bots never heartbeat
 * @param maxTimeout     the largest {@code timeout_seconds} a client may ask for
 * @param staleAfter     a running task without a lease is shown as stale once it has run this long
 */
@ConfigurationProperties("opentask.lease")
record LeaseProperties(@DefaultValue("0") Duration defaultTimeout,
                       @DefaultValue("7d") Duration maxTimeout,
                       @DefaultValue("30m") Duration staleAfter) {

    LeaseProperties {
        if (defaultTimeout.isNegative() || defaultTimeout.compareTo(maxTimeout) > 0
                || maxTimeout.toSeconds() > Integer.MAX_VALUE || staleAfter.isNegative()) {
            throw new IllegalArgumentException("opentask.lease needs 0 <= default-timeout <= max-timeout <= "
                    + Integer.MAX_VALUE + "s and stale-after >= 0, got " + defaultTimeout + ", " + maxTimeout + " and " + staleAfter);
        }
    }
}
