package org.opentask.app.availability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service watches its database ({@code opentask.database.*}).
 *
 * @param watchInterval     how often a pooled connection is checked while the database answers
 * @param retryInterval     how often a fresh connection is tried while it is away
 * @param retryAfterSeconds the {@code Retry-After} of a 503 while it is away
 */
@ConfigurationProperties("opentask.database")
record AvailabilityProperties(@DefaultValue("1s") Duration watchInterval,
                              @DefaultValue("100ms") Duration retryInterval,
                              @DefaultValue("1") long retryAfterSeconds) {
}
