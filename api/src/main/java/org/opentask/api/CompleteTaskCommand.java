package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A bot reports a running task done. {@code operator} may be null: it then is the assigned bot. */
public record CompleteTaskCommand(@TargetAggregateIdentifier long taskId, String result, String operator) {
}
