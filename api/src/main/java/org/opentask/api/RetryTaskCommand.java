package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a failed task back to pending. {@code operator} may be null: it then is the task's creator. */
public record RetryTaskCommand(@TargetAggregateIdentifier long taskId, String operator) {
}
