package org.opentask.api;

/** A task's events as the event store keeps them, oldest first; also for a deleted task. */
public record FindTaskEventsQuery(long taskId) {
}
