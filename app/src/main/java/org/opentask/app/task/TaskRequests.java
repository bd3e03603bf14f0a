package org.opentask.app.task;

import java.util.Arrays;

import org.opentask.api.Priority;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.UpdateTaskCommand;
import org.opentask.app.lease.TaskTimings;
import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import tools.jackson.databind.JsonNode;

/** The bodies clients send, checked here so that a 400 names the field before any command is sent. */
final class TaskRequests {

    /** Who created a task, when the request does not say: the original service's default. */
    static final String DEFAULT_CREATED_BY = "hope";

    private TaskRequests() {
    }

    record CreateTask(String taskName, String taskDescription, JsonNode taskParams, String assignedTo,
                      String priority, String createdBy, Integer maxRetry,
                      Integer timeoutSeconds, Boolean autoRetry, String notBefore, String callbackUrl) {

        /** The task this asks for, with the defaults of the original service ({@code P2}, 3 retries, {@code hope}). */
        NewTask check(TaskTimings timings, CallbackUrls callbackUrls) {
            String name = RequestChecks.requireText("task_name", taskName, TaskLimits.NAME_LENGTH);
            String bot = RequestChecks.requireText("assigned_to", assignedTo, TaskLimits.BOT_LENGTH);
            Priority checkedPriority = TaskRequests.priority(priority);
            String creator = RequestChecks.optionalText("created_by", createdBy, TaskLimits.BOT_LENGTH);
            int retries = maxRetry == null ? TaskLimits.DEFAULT_MAX_RETRY : maxRetry;
            if (retries < 0 || retries > TaskLimits.MAX_RETRY) {
                throw new InvalidRequestException("max_retry",
                        "max_retry must be between 0 and " + TaskLimits.MAX_RETRY + ", got " + retries);
            }
            TaskTiming timing = timings.of(timeoutSeconds, autoRetry, notBefore);
            String callback = null;
            if (callbackUrl != null) {
                try {
                    callback = callbackUrls.check(callbackUrl);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("callback_url", "callback_url " + e.getMessage());
                }
            }
            return new NewTask(name, taskDescription, text(taskParams), bot,
                    checkedPriority == null ? Priority.DEFAULT : checkedPriority, retries,
                    creator == null ? DEFAULT_CREATED_BY : creator, timing, callback);
        }
    }

    /** An edit: only the fields given change; {@code status} is refused, transitions have calls of their own. */
    record UpdateTask(String taskName, String taskDescription, JsonNode taskParams, String assignedTo,
                      String priority, Integer progress, JsonNode status) {

        UpdateTaskCommand command(long id, Actor actor) {
            if (status != null && !status.isNull()) {
                throw new InvalidRequestException("status", "status cannot be edited: use the start, complete, fail, "
                        + "retry and cancel calls, which check the transition");
            }
            return new UpdateTaskCommand(id,
                    RequestChecks.optionalText("task_name", taskName, TaskLimits.NAME_LENGTH),
                    taskDescription,
                    text(taskParams),
                    RequestChecks.optionalText("assigned_to", assignedTo, TaskLimits.BOT_LENGTH),
                    TaskRequests.priority(priority),
                    TaskRequests.progress(progress),
                    actor.name());
        }
    }

    record CompleteTask(JsonNode result) {
    }

    record FailTask(JsonNode errorMessage) {
    }

    /** The body of a cancel is optional; {@code reason} is kept in the event and the audit trail. */
    record CancelTask(JsonNode reason) {
    }

    /** A lease's heartbeat; a {@code progress} in it is recorded as well. */
    record Heartbeat(Integer progress) {
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
