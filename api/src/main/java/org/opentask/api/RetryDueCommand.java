package org.opentask.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The engine found, at {@code at}, that a failed task's automatic retry was due: the task is retried unless it was
 * retried, cancelled or deleted in the meantime. Sent by the lease sweep; any number of instances may send it,
 * the task is retried once.
 */
public record RetryDueCommand(@TargetAggregateIdentifier long taskId, Instant at) {
}
