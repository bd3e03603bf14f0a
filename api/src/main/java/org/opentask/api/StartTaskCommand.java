package org.opentask.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A bot starts a pending task at {@code at}; a task with a lease holds it for its timeout from then.
 * {@code operator} may be null: it then is the assigned bot.
 */
public record StartTaskCommand(@TargetAggregateIdentifier long taskId, Instant at, String operator) {
}
