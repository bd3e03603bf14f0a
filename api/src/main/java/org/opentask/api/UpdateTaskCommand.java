package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Edits a task. A null field is left as it is. {@code operator} may be null: it then is the task's creator.
 */
public record UpdateTaskCommand(@TargetAggregateIdentifier long taskId,
                                String taskName,
                                String taskDescription,
                                String taskParams,
                                String assignedTo,
                                Priority priority,
                                Integer progress,
                                String operator) {
}
