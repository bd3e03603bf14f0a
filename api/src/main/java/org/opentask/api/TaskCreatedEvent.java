package org.opentask.api;

public record TaskCreatedEvent(long taskId,
                               String taskName,
                               String taskDescription,
                               String taskParams,
                               String assignedTo,
                               Priority priority,
                               int maxRetry,
                               String createdBy,
                               String operator) {
}
