package org.opentask.api;

import java.time.Instant;
import java.util.List;

/**
 * A task as another OpenTask service stored it, brought over whole: its fields, its times and its own audit rows.
 * Times are the stored local times read in the zone the import was told (the engine's by default).
 *
 * @param deleted  the original's soft-delete flag: the task is kept, hidden from reads, as a deletion here keeps it
 * @param updatedAt the original row's {@code update_time}, or null
 * @param history  the original's audit rows of this task, oldest first
 */
public record ImportedTask(long taskId,
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
                           boolean deleted,
                           Instant updatedAt,
                           List<ImportedLogEntry> history) {

    public ImportedTask {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
