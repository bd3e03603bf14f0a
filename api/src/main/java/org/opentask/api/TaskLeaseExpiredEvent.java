package org.opentask.api;

import java.time.Instant;

/**
 * A running task's lease ran out at {@code leaseExpiredAt} with no sign of life: the engine failed the task.
 * {@code operator} is {@code system}.
 */
public record TaskLeaseExpiredEvent(long taskId, Instant leaseExpiredAt, String errorMessage, String operator) {
}
