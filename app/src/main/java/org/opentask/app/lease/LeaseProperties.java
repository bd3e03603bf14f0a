package org.opentask.app.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leases, {@code opentask.lease.*}; see {@code docs/leases.md}.
 *
 * @param defaultTimeout the lease of a task created without {@code timeout_seconds}; 0: such tasks have no lease
 * @param maxTimeout     the largest {@code timeout_seconds} a client may ask for
 */
@ConfigurationProperties("opentask.lease")
record LeaseProperties(@DefaultValue("30m") Duration defaultTimeout,
                       @DefaultValue("7d") Duration maxTimeout) {

    LeaseProperties {
        if (defaultTimeout.isNegative() || defaultTimeout.compareTo(maxTimeout) > 0
                || maxTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("opentask.lease needs 0 <= default-timeout <= max-timeout <= "
                    + Integer.MAX_VALUE + "s, got " + defaultTimeout + " and " + maxTimeout);
        }
    }
}
