package org.opentask.api;

import java.time.LocalDateTime;

/** A task as clients see it: one row of the {@code bot_task} read model. Times are in the server's time zone. */
public record TaskView(long id,
                       String taskName,
                       String taskDescription,
                       String taskParams,
                       String assignedTo,
                       Priority priority,
                       TaskStatus status,
                       int progress,
                       LocalDateTime createdTime,
                       LocalDateTime startedTime,
                       LocalDateTime completedTime,
                       String result,
                       String errorMessage,
                       int retryCount,
                       int maxRetry,
                       String createdBy) {
}
