package org.opentask.api;

/** {@code timing} is null in events stored before tasks had leases: read it as {@link TaskTiming#NONE}. */
public record TaskCreatedEvent(long taskId,
                               String taskName,
                               String taskDescription,
                               String taskParams,
                               String assignedTo,
                               Priority priority,
                               int maxRetry,
                               String createdBy,
                               String operator,
                               TaskTiming timing) {

    /** A task created without timing, read as {@link TaskTiming#NONE}. */
    public TaskCreatedEvent(long taskId, String taskName, String taskDescription, String taskParams, String assignedTo,
                            Priority priority, int maxRetry, String createdBy, String operator) {
        this(taskId, taskName, taskDescription, taskParams, assignedTo, priority, maxRetry, createdBy, operator, null);
    }
}
