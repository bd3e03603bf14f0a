package org.opentask.api;

/** The payload of an automatic-retry timer, set when the task had {@code retryCount} retries. */
public record TaskRetryDeadline(long taskId, int retryCount) {
}
