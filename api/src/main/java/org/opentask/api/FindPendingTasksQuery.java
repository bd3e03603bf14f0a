package org.opentask.api;

/** A bot's pending tasks: P0 before P1 before P2, then oldest first. */
public record FindPendingTasksQuery(String assignedTo, int limit, int offset) {

    public FindPendingTasksQuery(String assignedTo, int limit) {
        this(assignedTo, limit, 0);
    }
}
