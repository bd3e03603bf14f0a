package org.opentask.api;

import java.time.LocalDateTime;

/**
 * The fleet's tasks counted for the metrics: per bot and status, how many, the oldest creation time among them,
 * and how many running ones have a lease that ended before {@code now} (the sweep has yet to fail them).
 */
public record FindTaskGaugesQuery(LocalDateTime now) {
}
