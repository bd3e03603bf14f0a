package org.opentask.api;

import java.time.Instant;

/**
 * The payload of a lease timer: due at {@code dueAt}, for the task's {@code run}-th start. A timer for an earlier
 * run, or one that finds the lease extended past {@code dueAt}, does not fail the task.
 */
public record TaskLeaseDeadline(long taskId, int run, Instant dueAt) {
}
