package org.opentask.app.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.opentask.api.Priority;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskTiming;
import org.opentask.app.task.NewTask;

/**
 * The create form as typed: every field a string, checked here with the bounds the API applies, so the page can
 * say what is wrong next to the field and keep what was typed.
 */
record TaskForm(String taskName, String assignedTo, String priority, String taskDescription, String taskParams,
                String maxRetry, String createdBy) {

    static TaskForm empty() {
        return forBot("");
    }

    /** An empty form for {@code bot}: priority P2 and the default retries filled in. */
    static TaskForm forBot(String bot) {
        return new TaskForm("", bot, Priority.DEFAULT.name(), "", "", Integer.toString(TaskLimits.DEFAULT_MAX_RETRY),
                "");
    }

    /** Field name to what is wrong with it; empty when the form can be sent. */
    Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        text(errors, "task_name", taskName, TaskLimits.NAME_LENGTH, true);
        text(errors, "assigned_to", assignedTo, TaskLimits.BOT_LENGTH, true);
        text(errors, "created_by", createdBy, TaskLimits.BOT_LENGTH, false);
        if (priorityValue() == null) {
            errors.put("priority", "priority must be P0, P1 or P2");
        }
        Integer retries = maxRetries();
        if (retries == null || retries < 0 || retries > TaskLimits.MAX_RETRY) {
            errors.put("max_retry", "max_retry must be a whole number from 0 to " + TaskLimits.MAX_RETRY);
        }
        return errors;
    }

    Priority priorityValue() {
        for (Priority candidate : Priority.values()) {
            if (candidate.name().equalsIgnoreCase(priority == null ? "" : priority.trim())) {
                return candidate;
            }
        }
        return null;
    }

    Integer maxRetries() {
        try {
            return maxRetry == null || maxRetry.isBlank()
                    ? TaskLimits.DEFAULT_MAX_RETRY : Integer.valueOf(maxRetry.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The task the form asks for, once {@link #errors} found nothing: created by the signed-in {@code operator}
     * unless the form names someone else.
     */
    NewTask task(String operator, TaskTiming timing) {
        String creator = blankToNull(createdBy);
        return new NewTask(taskName.trim(), blankToNull(taskDescription), blankToNull(taskParams), assignedTo.trim(),
                priorityValue(), maxRetries(), creator == null ? operator : creator.trim(), timing);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void text(Map<String, String> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.put(field, field + " is required");
            }
        } else if (value.length() > max) {
            errors.put(field, field + " must be at most " + max + " characters, got " + value.length());
        }
    }
}
