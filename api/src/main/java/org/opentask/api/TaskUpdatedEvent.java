package org.opentask.api;

/** The fields that changed; a null field did not change. {@code status} is the task's status at the time. */
public record TaskUpdatedEvent(long taskId,
                               String taskName,
                               String taskDescription,
                               String taskParams,
                               String assignedTo,
                               Priority priority,
                               Integer progress,
                               TaskStatus status,
                               String operator) {
}
