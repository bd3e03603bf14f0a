package org.opentask.app.migration;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.opentask.api.ImportedLogEntry;
import org.opentask.api.ImportedTask;
import org.opentask.api.Priority;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskStatus;
import org.opentask.app.migration.ImportReport.Rejected;
import org.opentask.app.migration.OriginalDatabase.LogRow;
import org.opentask.app.migration.OriginalDatabase.TaskRow;

/**
 * Reads an original row as a task of this engine, or says why it cannot be one. Nothing is altered to fit: a row
 * with an unknown status, a priority outside P0-P2, a field longer than this engine keeps, or an audit row that does
 * not fit {@code bot_task_log} is rejected whole and reported, and stays in the original for the operator to decide.
 * Where the original's own columns allowed NULL, the original's own defaults stand in: progress and retry_count 0,
 * max_retry 3, deleted 0.
 */
final class OriginalRows {

    /** The widths of this engine's {@code bot_task_log} columns (action, operator). */
    static final int ACTION_LENGTH = 32;
    static final int OPERATOR_LENGTH = 100;

    private final ZoneId zone;

    /** @param zone the zone the original's local times are read in */
    OriginalRows(ZoneId zone) {
        this.zone = zone;
    }

    /** The task, or null after adding what is wrong with it to {@code rejected}. */
    ImportedTask read(TaskRow row, List<LogRow> logs, List<Rejected> rejected) {
        int before = rejected.size();
        long id = row.id();
        TaskStatus status = TaskStatus.fromWireName(row.status());
        if (status == null) {
            rejected.add(new Rejected(id, "status", row.status(),
                    "not one of pending, running, completed, failed, cancelled"));
        }
        Priority priority = priority(row.priority());
        if (priority == null) {
            rejected.add(new Rejected(id, "priority", row.priority(), "not one of P0, P1, P2"));
        }
        text(id, "task_name", row.taskName(), TaskLimits.NAME_LENGTH, rejected);
        text(id, "assigned_to", row.assignedTo(), TaskLimits.BOT_LENGTH, rejected);
        text(id, "created_by", row.createdBy(), TaskLimits.BOT_LENGTH, rejected);
        int progress = row.progress() == null ? 0 : row.progress();
        if (progress < 0 || progress > 100) {
            rejected.add(new Rejected(id, "progress", String.valueOf(progress), "not between 0 and 100"));
        }
        int retryCount = row.retryCount() == null ? 0 : row.retryCount();
        int maxRetry = row.maxRetry() == null ? 3 : row.maxRetry();
        if (retryCount < 0 || maxRetry < 0) {
            rejected.add(new Rejected(id, "retry_count", retryCount + " of " + maxRetry, "negative"));
        }
        if (row.createdTime() == null) {
            rejected.add(new Rejected(id, "created_time", null, "missing"));
        }
        List<ImportedLogEntry> history = new ArrayList<>();
        for (LogRow log : logs) {
            history.add(new ImportedLogEntry(log.id(), log.action(), log.message(), log.oldStatus(), log.newStatus(),
                    log.operator(), instant(log.createdTime())));
            logField(id, log, "action", log.action(), ACTION_LENGTH, false, rejected);
            logField(id, log, "operator", log.operator(), OPERATOR_LENGTH, true, rejected);
            logStatus(id, log, "old_status", log.oldStatus(), rejected);
            logStatus(id, log, "new_status", log.newStatus(), rejected);
            if (log.createdTime() == null) {
                rejected.add(new Rejected(id, "bot_task_log " + log.id() + " created_time", null, "missing"));
            }
        }
        if (rejected.size() > before) {
            return null;
        }
        return new ImportedTask(id, row.taskName(), row.taskDescription(), row.taskParams(), row.assignedTo(),
                priority, status, progress, instant(row.createdTime()), instant(row.startedTime()),
                instant(row.completedTime()), row.result(), row.errorMessage(), retryCount, maxRetry, row.createdBy(),
                row.deleted() != null && row.deleted() != 0, instant(row.updateTime()), history);
    }

    private Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(zone).toInstant();
    }

    private static Priority priority(String text) {
        for (Priority priority : Priority.values()) {
            if (priority.name().equals(text)) {
                return priority;
            }
        }
        return null;
    }

    private static void text(long id, String field, String value, int max, List<Rejected> rejected) {
        if (value == null || value.isBlank()) {
            rejected.add(new Rejected(id, field, value, "missing"));
        } else if (value.length() > max) {
            rejected.add(new Rejected(id, field, abbreviate(value), "longer than " + max + " characters ("
                    + value.length() + ")"));
        }
    }

    private static void logField(long id, LogRow log, String field, String value, int max, boolean nullable,
                                 List<Rejected> rejected) {
        if (value == null ? !nullable : value.length() > max) {
            rejected.add(new Rejected(id, "bot_task_log " + log.id() + " " + field, abbreviate(value),
                    value == null ? "missing" : "longer than " + max + " characters (" + value.length() + ")"));
        }
    }

    private static void logStatus(long id, LogRow log, String field, String value, List<Rejected> rejected) {
        if (value != null && TaskStatus.fromWireName(value) == null) {
            rejected.add(new Rejected(id, "bot_task_log " + log.id() + " " + field, value,
                    "not one of pending, running, completed, failed, cancelled"));
        }
    }

    static String abbreviate(String value) {
        return value == null || value.length() <= 60 ? value : value.substring(0, 59) + "\u2026";
    }
}
