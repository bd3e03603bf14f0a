package org.opentask.api;

/**
 * A bot's command on a task that is not its to change ({@link BotAuthority}). {@code hidden}: the task is another
 * bot's altogether and is answered as unknown; otherwise the bot may see the task but not make this change.
 * Nothing was changed.
 */
public class TaskAccessRefusedException extends RuntimeException {

    private final long taskId;
    private final boolean hidden;

    public TaskAccessRefusedException(long taskId, boolean hidden, String message) {
        super(message);
        this.taskId = taskId;
        this.hidden = hidden;
    }

    public long taskId() {
        return taskId;
    }

    public boolean hidden() {
        return hidden;
    }
}
