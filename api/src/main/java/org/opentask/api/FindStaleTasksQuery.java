package org.opentask.api;

import java.time.Duration;

/**
 * Running tasks without a lease that started more than {@code age} ago: with no lease nothing fails them, so they
 * are shown instead ({@code GET /api/tasks/stale}, the console). Oldest start first; {@code assignedTo} null: every
 * bot's.
 */
public record FindStaleTasksQuery(String assignedTo, Duration age, int limit) {
}
