package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Soft-deletes a task: hidden from reads, history kept. {@code operator} may be null: then the task's creator. */
public record DeleteTaskCommand(@TargetAggregateIdentifier long taskId, String operator) {
}
