package org.opentask.api;

import java.time.Instant;

/**
 * A running task's lease ran until {@code leaseExpiresAt}, checked by the durable timer {@code timerId}. No longer
 * recorded (the start carries its lease end, {@link TaskStartedEvent}); kept so that older histories still load.
 */
public record TaskLeaseTimerSetEvent(long taskId, Instant leaseExpiresAt, String timerId) {
}
