package org.opentask.api;

import java.time.Instant;

/**
 * One audit row of another OpenTask service, kept as it was written there: its own action names ({@code created},
 * {@code started}, {@code status_changed}, ...), message, statuses, operator and time.
 *
 * @param originalId the row's id in the original {@code bot_task_log}
 */
public record ImportedLogEntry(long originalId,
                               String action,
                               String message,
                               String oldStatus,
                               String newStatus,
                               String operator,
                               Instant at) {
}
