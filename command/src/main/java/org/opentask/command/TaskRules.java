package org.opentask.command;

import org.opentask.api.ImportedTask;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTransitionRefusedException;

/**
 * The invariants of a task's fields, with the bounds of {@link TaskLimits}. The REST layer checks the same bounds
 * first to name the field in its 400; these checks keep the aggregate whole whoever sends the command.
 */
final class TaskRules {

    private TaskRules() {
    }

    static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > TaskLimits.NAME_LENGTH) {
            throw new IllegalArgumentException("task_name must be 1 to " + TaskLimits.NAME_LENGTH + " characters");
        }
    }

    static void requireAssignee(String assignee) {
        if (assignee == null || assignee.isBlank() || assignee.length() > TaskLimits.BOT_LENGTH) {
            throw new IllegalArgumentException("assigned_to must be 1 to " + TaskLimits.BOT_LENGTH + " characters");
        }
    }

    static void requireMaxRetry(int maxRetry) {
        if (maxRetry < 0) {
            throw new IllegalArgumentException("max_retry must not be negative");
        }
    }

    static void requireTiming(org.opentask.api.TaskTiming timing) {
        if (timing.timeoutSeconds() < 0) {
            throw new IllegalArgumentException("timeout_seconds must not be negative");
        }
    }

    static void requireProgress(int progress) {
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be between 0 and 100");
        }
    }

    /** What every task of this engine holds, whatever another service let its rows hold. */
    static void requireImportable(long taskId, ImportedTask task) {
        if (task.taskId() != taskId || task.status() == null || task.priority() == null || task.createdAt() == null
                || task.createdBy() == null || task.retryCount() < 0) {
            throw new IllegalArgumentException("task " + taskId + " cannot be imported: id, status, priority,"
                    + " created_time and created_by are required, retry_count must not be negative");
        }
        requireName(task.taskName());
        requireAssignee(task.assignedTo());
        requireMaxRetry(task.maxRetry());
        requireProgress(task.progress());
    }

    static void requireStatus(Long id, TaskStatus status, String action, TaskStatus... allowed) {
        for (TaskStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new TaskTransitionRefusedException(id, status,
                "Task " + id + " is " + status + ": cannot " + action + " it");
    }

    /** The requested value when it differs from the current one, otherwise null (no change). */
    static <T> T changed(T current, T requested) {
        return requested == null || requested.equals(current) ? null : requested;
    }

    static String operatorOr(String operator, String fallback) {
        return operator == null || operator.isBlank() ? fallback : operator;
    }
}
