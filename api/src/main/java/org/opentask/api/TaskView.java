package org.opentask.api;

import java.time.LocalDateTime;

/**
 * A task as clients see it: one row of the {@code bot_task} read model. Times are in the server's time zone.
 * {@code timeoutSeconds} 0 means no lease; {@code leaseExpiresTime} is null unless the task runs under a lease,
 * {@code nextRetryTime} null unless an automatic retry is waiting.
 */
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
                       String createdBy,
                       int timeoutSeconds,
                       boolean autoRetry,
                       LocalDateTime notBefore,
                       LocalDateTime leaseExpiresTime,
                       LocalDateTime nextRetryTime) {
}
