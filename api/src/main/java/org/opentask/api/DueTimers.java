package org.opentask.api;

import java.util.List;

/** The answer to {@link FindDueTimersQuery}: task ids, the longest overdue first. */
public record DueTimers(List<Long> expiredLeases, List<Long> dueRetries) {
}
