package org.opentask.command;

import org.opentask.api.TaskLimits;

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
}
