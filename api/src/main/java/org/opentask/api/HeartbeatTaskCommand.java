package org.opentask.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A bot says it is still working on a running task, at {@code at}: its lease then runs its timeout from then.
 * {@code progress} may be null (unchanged). {@code operator} may be null: it then is the assigned bot.
 */
public record HeartbeatTaskCommand(@TargetAggregateIdentifier long taskId, Integer progress, Instant at,
                                   String operator) {
}
