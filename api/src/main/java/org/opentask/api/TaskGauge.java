package org.opentask.api;

import java.time.LocalDateTime;

/**
 * One bot's tasks of one status now (deleted ones left out): how many, the oldest one's creation time, and for
 * {@code running} how many have a lease that has ended.
 */
public record TaskGauge(String assignedTo, String status, long count, LocalDateTime oldestCreated,
                        long leaseOverdue) {
}
