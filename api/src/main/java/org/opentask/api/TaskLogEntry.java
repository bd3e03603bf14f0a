package org.opentask.api;

import java.time.LocalDateTime;

/** One row of the audit trail ({@code bot_task_log}). */
public record TaskLogEntry(long id,
                           long taskId,
                           String action,
                           String message,
                           TaskStatus oldStatus,
                           TaskStatus newStatus,
                           String operator,
                           LocalDateTime createdTime) {
}
