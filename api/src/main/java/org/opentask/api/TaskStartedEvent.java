package org.opentask.api;

import java.time.Instant;

/**
 * A bot started a task. {@code leaseExpiresAt} is when its lease ends unless a heartbeat extends it; null without a
 * lease, and in events recorded before leases were kept with the start (a {@link TaskLeaseTimerSetEvent} followed).
 */
public record TaskStartedEvent(long taskId, String assignedTo, String operator, Instant leaseExpiresAt) {
}
