package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a task under an id the caller allocated. {@code operator} may be null: it then is {@code createdBy}.
 * {@code timing} may be null: then {@link TaskTiming#NONE}.
 */
public record CreateTaskCommand(@TargetAggregateIdentifier long taskId,
                                String taskName,
                                String taskDescription,
                                String taskParams,
                                String assignedTo,
                                Priority priority,
                                int maxRetry,
                                String createdBy,
                                String operator,
                                TaskTiming timing) {
}
