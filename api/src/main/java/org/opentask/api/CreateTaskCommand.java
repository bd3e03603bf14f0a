package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a task under an id the caller allocated. {@code operator} may be null: it then is {@code createdBy}.
 * {@code timing} may be null: then {@link TaskTiming#NONE}. {@code callbackUrl}, when given, is told of the task's end
 * (the service checked it against its settings).
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
                                TaskTiming timing,
                                String callbackUrl) {

    /** A task no callback URL is told about. */
    public CreateTaskCommand(long taskId, String taskName, String taskDescription, String taskParams,
                             String assignedTo, Priority priority, int maxRetry, String createdBy, String operator,
                             TaskTiming timing) {
        this(taskId, taskName, taskDescription, taskParams, assignedTo, priority, maxRetry, createdBy, operator,
                timing, null);
    }
}
