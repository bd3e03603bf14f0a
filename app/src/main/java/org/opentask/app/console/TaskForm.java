package org.opentask.app.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.opentask.api.Priority;

/**
 * The create form as typed: every field a string, checked here with the bounds the API applies, so the page can
 * say what is wrong next to the field and keep what was typed.
 */
record TaskForm(String taskName, String assignedTo, String priority, String taskDescription, String taskParams,
                String maxRetry, String createdBy) {

    static TaskForm empty() {
        return new TaskForm("", "", "P2", "", "", "3", "");
    }

    /** Field name to what is wrong with it; empty when the form can be sent. */
    Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        text(errors, "task_name", taskName, 100, true);
        text(errors, "assigned_to", assignedTo, 50, true);
        text(errors, "created_by", createdBy, 50, false);
        if (priorityValue() == null) {
            errors.put("priority", "priority must be P0, P1 or P2");
        }
        Integer retries = maxRetries();
        if (retries == null || retries < 0 || retries > 100) {
            errors.put("max_retry", "max_retry must be a whole number from 0 to 100");
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
            return maxRetry == null || maxRetry.isBlank() ? 3 : Integer.valueOf(maxRetry.trim());
        } catch (NumberFormatException e) {
            return null;
        }
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
