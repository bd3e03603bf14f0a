package org.opentask.api;

import java.time.Instant;

/**
 * A running task's lease runs until {@code leaseExpiresAt}, and the durable timer {@code timerId} checks it then.
 * Recorded when the task starts, and again when the timer found the lease extended and was set anew.
 */
public record TaskLeaseTimerSetEvent(long taskId, Instant leaseExpiresAt, String timerId) {
}
