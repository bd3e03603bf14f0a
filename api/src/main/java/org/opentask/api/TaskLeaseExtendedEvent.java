package org.opentask.api;

import java.time.Instant;

/** A heartbeat or a progress update moved the end of a running task's lease to {@code leaseExpiresAt}. */
public record TaskLeaseExtendedEvent(long taskId, Instant leaseExpiresAt, String operator) {
}
