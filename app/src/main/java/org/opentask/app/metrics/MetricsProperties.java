package org.opentask.app.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics' own settings ({@code opentask.metrics.*}).
 *
 * @param maxBots     at most this many bots are named in a {@code bot} label; the others are summed as
 *                    {@code _other}
 * @param recentBots  a bot heard from within this time is named, as are the registered ones and those with
 *                    pending or running tasks
 * @param cacheFor    the read model's counts are read at most once in this time, however often Prometheus scrapes
 */
@ConfigurationProperties("opentask.metrics")
record MetricsProperties(@DefaultValue("100") int maxBots,
                         @DefaultValue("1h") Duration recentBots,
                         @DefaultValue("5s") Duration cacheFor) {
}
