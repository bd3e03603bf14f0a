package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels a task that has not finished. {@code operator} may be null: it then is the task's creator. */
public record CancelTaskCommand(@TargetAggregateIdentifier long taskId, String operator) {
}
