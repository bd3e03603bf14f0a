package org.opentask.api;

/** Tasks that are not deleted, newest first; a null filter matches all. */
public record FindTasksQuery(String assignedTo, TaskStatus status, Priority priority, int limit, int offset) {
}
