package org.opentask.query;

/**
 * The processing groups of the read models' event handlers: how the service names their processors (it registers
 * the analytics' tracking processor by name) and how a replay names the read models it rebuilds.
 */
public final class ProcessingGroups {

    /** {@code bot_task}, projected in the command's own transaction. */
    public static final String BOT_TASK = "bot-task";
    /** {@code bot_task_log}, projected in the command's own transaction. */
    public static final String BOT_TASK_LOG = "bot-task-log";
    /** The daily analytics, which follow the event store on a tracking processor of their own. */
    public static final String TASK_ANALYTICS = "task-analytics";

    private ProcessingGroups() {
    }
}
