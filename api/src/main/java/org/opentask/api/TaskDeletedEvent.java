package org.opentask.api;

/** {@code status} is the task's status when it was deleted. */
public record TaskDeletedEvent(long taskId, TaskStatus status, String operator) {
}
