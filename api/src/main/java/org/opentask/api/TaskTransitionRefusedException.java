package org.opentask.api;

/** A command the task's current state does not allow. Nothing was changed. */
public class TaskTransitionRefusedException extends RuntimeException {

    private final long taskId;
    private final TaskStatus status;

    public TaskTransitionRefusedException(long taskId, TaskStatus status, String message) {
        super(message);
        this.taskId = taskId;
        this.status = status;
    }

    public long taskId() {
        return taskId;
    }

    public TaskStatus status() {
        return status;
    }
}
