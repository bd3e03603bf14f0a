package org.opentask.api;

/** A failed task went back to pending; {@code retryCount} is the count after this retry. */
public record TaskRetriedEvent(long taskId, int retryCount, int maxRetry, String operator) {
}
