package org.opentask.api;

/**
 * Tasks that are not deleted, newest first, by whether they have used all their retries
 * ({@code retry_count >= max_retry}); a null filter matches all. With status {@code failed} and
 * {@code exhausted} true this is the dead-letter view: tasks that stay failed for good.
 */
public record FindExhaustedTasksQuery(String assignedTo, TaskStatus status, Priority priority, boolean exhausted,
                                      int limit, int offset) {
}
