package org.opentask.api;

import java.time.Instant;

/**
 * A failed task with automatic retry will be retried at {@code retryAt}; {@code retryNumber} is the retry count it
 * will then have. {@code timerId} named the durable timer of older histories; null since retries are found by the
 * lease sweep.
 */
public record TaskRetryScheduledEvent(long taskId, int retryNumber, Instant retryAt, String timerId) {
}
