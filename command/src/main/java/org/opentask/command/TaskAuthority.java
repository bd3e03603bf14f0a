package org.opentask.command;

import org.opentask.api.BotAuthority;
import org.opentask.api.TaskAccessRefusedException;
import org.opentask.api.UpdateTaskCommand;

/**
 * What a bot may do to one task ({@link BotAuthority}): the bot it is assigned to works it, the bot that created it
 * edits, cancels and deletes it; to any other bot it does not exist. A null {@code bot} is an operator (or the
 * engine), who may do everything.
 */
record TaskAuthority(long taskId, String assignedTo, String creatorBot, String bot) {

    /** Start, heartbeat, complete, fail: the assignee only. */
    void requireAssignee(String action) {
        if (bot != null && !bot.equals(assignedTo)) {
            throw refused(action, bot.equals(creatorBot), "it is assigned to another bot");
        }
    }

    /** Edit, cancel, delete: the bot that created the task; its assignee sees it but may not. */
    void requireCreator(String action) {
        if (bot != null && !bot.equals(creatorBot)) {
            throw refused(action, bot.equals(assignedTo), "only the bot that created it or an operator may");
        }
    }

    /** Retry, progress: either. */
    void requireAssigneeOrCreator(String action) {
        if (bot != null && !bot.equals(assignedTo) && !bot.equals(creatorBot)) {
            throw refused(action, false, "");
        }
    }

    /** An edit of progress alone is the assignee's progress report; any other field is an edit. */
    void requireEditor(UpdateTaskCommand command) {
        boolean progressOnly = command.taskName() == null && command.taskDescription() == null
                && command.taskParams() == null && command.assignedTo() == null && command.priority() == null;
        if (progressOnly) {
            requireAssigneeOrCreator("update");
        } else {
            requireCreator("edit");
        }
    }

    private TaskAccessRefusedException refused(String action, boolean visible, String why) {
        return visible
                ? new TaskAccessRefusedException(taskId, false, "Bot " + bot + " may not " + action + " task "
                        + taskId + ": " + why)
                : new TaskAccessRefusedException(taskId, true, "Task " + taskId + " not found");
    }
}
