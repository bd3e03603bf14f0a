package org.opentask.app.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The durable timers (db-scheduler under Axon's deadlines), {@code opentask.timers.*}; see {@code docs/leases.md}.
 *
 * @param pollingInterval    how often each instance looks for due timers: a timer fires at most this late
 * @param threads            how many timers one instance runs at once
 * @param schedulerHeartbeat how often an instance marks the timers it runs as alive; a timer whose instance died
 *                           is run again by another after six missed marks
 * @param shutdownWait       how long a stopping instance waits for the timers it runs
 */
@ConfigurationProperties("opentask.timers")
record TimerProperties(@DefaultValue("1s") Duration pollingInterval,
                       @DefaultValue("4") int threads,
                       @DefaultValue("30s") Duration schedulerHeartbeat,
                       @DefaultValue("10s") Duration shutdownWait) {
}
