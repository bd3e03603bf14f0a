package org.opentask.api;

/**
 * {@code timing} is null in events stored before tasks had leases: read it as {@link TaskTiming#NONE}.
 * {@code callbackUrl} is null unless the task named one, and in events stored before tasks could.
 */
public record TaskCreatedEvent(long taskId,
                               String taskName,
                               String taskDescription,
                               String taskParams,
                               String assignedTo,
                               Priority priority,
                               int maxRetry,
                               String createdBy,
                               String operator,
                               TaskTiming timing,
                               String callbackUrl) {

    /** A task no callback URL is told about. */
    public TaskCreatedEvent(long taskId, String taskName, String taskDescription, String taskParams,
                            String assignedTo, Priority priority, int maxRetry, String createdBy, String operator,
                            TaskTiming timing) {
        this(taskId, taskName, taskDescription, taskParams, assignedTo, priority, maxRetry, createdBy, operator,
                timing, null);
    }
}
