package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A bot reports a running task failed. {@code operator} may be null: it then is the assigned bot. */
public record FailTaskCommand(@TargetAggregateIdentifier long taskId, String errorMessage, String operator) {
}
