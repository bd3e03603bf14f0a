package org.opentask.app.task;

import org.opentask.api.Priority;
import org.opentask.api.TaskTiming;

/**
 * A task to create, its fields checked and its defaults filled in: what a create request of the API
 * ({@link TaskRequests.CreateTask#check}) and the console's create form both come to.
 */
public record NewTask(String taskName, String taskDescription, String taskParams, String assignedTo,
                      Priority priority, int maxRetry, String createdBy, TaskTiming timing, String callbackUrl) {

    /** A task no callback URL is told about. */
    public NewTask(String taskName, String taskDescription, String taskParams, String assignedTo,
                   Priority priority, int maxRetry, String createdBy, TaskTiming timing) {
        this(taskName, taskDescription, taskParams, assignedTo, priority, maxRetry, createdBy, timing, null);
    }
}
