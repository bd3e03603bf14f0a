package org.opentask.api;

/**
 * Tasks that are not deleted, newest first; a null filter matches all. {@code exhausted} filters on whether a task
 * has used all its retries ({@code retry_count >= max_retry}): with status {@code failed} and {@code exhausted} true
 * this is the dead-letter view, tasks that stay failed for good.
 */
public record FindTasksQuery(String assignedTo, TaskStatus status, Priority priority, Boolean exhausted, int limit,
                             int offset) {

    public FindTasksQuery(String assignedTo, TaskStatus status, Priority priority, int limit, int offset) {
        this(assignedTo, status, priority, null, limit, offset);
    }
}
