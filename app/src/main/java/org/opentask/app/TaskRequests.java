package org.opentask.app;

import java.util.Arrays;

import org.opentask.api.Priority;
import org.opentask.api.TaskStatus;
import tools.jackson.databind.JsonNode;

/** The bodies clients send, checked here so that a 400 names the field before any command is sent. */
final class TaskRequests {

    private TaskRequests() {
    }

    record CreateTask(String taskName, String taskDescription, JsonNode taskParams, String assignedTo,
                      String priority, String createdBy, Integer maxRetry,
                      Integer timeoutSeconds, Boolean autoRetry, String notBefore) {
    }

    record UpdateTask(String taskName, String taskDescription, JsonNode taskParams, String assignedTo,
                      String priority, Integer progress, JsonNode status) {
    }

    record CompleteTask(JsonNode result) {
    }

    record FailTask(JsonNode errorMessage) {
    }

    /** The body of a cancel is optional; {@code reason} is kept in the event and the audit trail. */
    record CancelTask(JsonNode reason) {
    }

    static Priority priority(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Priority.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("priority",
                    "priority must be one of " + Arrays.toString(Priority.values()) + ", got '" + value + "'");
        }
    }

    static TaskStatus status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        TaskStatus status = TaskStatus.fromWireName(value.trim().toLowerCase());
        if (status == null) {
            throw new InvalidRequestException("status",
                    "status must be one of " + Arrays.toString(TaskStatus.values()) + ", got '" + value + "'");
        }
        return status;
    }

    static Integer progress(Integer value) {
        if (value != null && (value < 0 || value > 100)) {
            throw new InvalidRequestException("progress", "progress must be between 0 and 100, got " + value);
        }
        return value;
    }

    /** A JSON document kept as text: a string is kept as it is, any other JSON value as its JSON text. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isString() ? value.asString() : value.toString();
    }
}
