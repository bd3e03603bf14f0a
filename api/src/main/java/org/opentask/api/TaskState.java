package org.opentask.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A task as a command left it: what the Task aggregate answers every command with, so the caller needs no second
 * read of the read model. It holds what the task's {@code bot_task} row holds once the command's transaction has
 * committed; {@link #view} gives it the shape of that row ({@link TaskView}).
 */
public record TaskState(long id,
                        String taskName,
                        String taskDescription,
                        String taskParams,
                        String assignedTo,
                        Priority priority,
                        TaskStatus status,
                        int progress,
                        Instant createdAt,
                        Instant startedAt,
                        Instant completedAt,
                        String result,
                        String errorMessage,
                        int retryCount,
                        int maxRetry,
                        String createdBy,
                        int timeoutSeconds,
                        boolean autoRetry,
                        Instant notBefore,
                        Instant leaseExpiresAt,
                        Instant nextRetryAt) {

    /**
     * The task as {@code GET /api/tasks/{id}} shows it, times in {@code zone}: the read model keeps an event's time
     * to the millisecond, so the answer does too.
     */
    public TaskView view(ZoneId zone) {
        return new TaskView(id, taskName, taskDescription, taskParams, assignedTo, priority, status, progress,
                local(createdAt, zone), local(startedAt, zone), local(completedAt, zone), result, errorMessage,
                retryCount, maxRetry, createdBy, timeoutSeconds, autoRetry, local(notBefore, zone),
                local(leaseExpiresAt, zone), local(nextRetryAt, zone));
    }

    private static LocalDateTime local(Instant at, ZoneId zone) {
        return at == null ? null : LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), zone);
    }
}
