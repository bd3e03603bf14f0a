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
}
