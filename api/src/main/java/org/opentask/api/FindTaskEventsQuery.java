package org.opentask.api;

/**
 * A task's events as the event store keeps them, oldest first; also for a deleted task. One page: the events after
 * sequence number {@code after} (-1: from the first), at most {@code limit} ({@link TaskEventPage}).
 */
public record FindTaskEventsQuery(long taskId, long after, int limit) {
}
