package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Cancels a task that has not finished, for a {@code reason} that may be null. {@code operator} may be null: it
 * then is the task's creator.
 */
public record CancelTaskCommand(@TargetAggregateIdentifier long taskId, String reason, String operator) {

    public CancelTaskCommand(long taskId, String operator) {
        this(taskId, null, operator);
    }
}
