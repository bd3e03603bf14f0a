package org.opentask.api;

import java.time.Instant;

/**
 * A failed task with automatic retry will be retried at {@code retryAt} by the durable timer {@code timerId};
 * {@code retryNumber} is the retry count it will then have.
 */
public record TaskRetryScheduledEvent(long taskId, int retryNumber, Instant retryAt, String timerId) {
}
