package org.opentask.command;

/**
 * The invariants of a task's fields. The REST layer checks the same bounds first to name the field in its 400;
 * these checks keep the aggregate whole whoever sends the command.
 */
final class TaskRules {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_ASSIGNEE_LENGTH = 50;

    private TaskRules() {
    }

    static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("task_name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }

    static void requireAssignee(String assignee) {
        if (assignee == null || assignee.isBlank() || assignee.length() > MAX_ASSIGNEE_LENGTH) {
            throw new IllegalArgumentException("assigned_to must be 1 to " + MAX_ASSIGNEE_LENGTH + " characters");
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
