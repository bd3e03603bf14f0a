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
    /**
     * The subscribing processor of every group whose handlers run in the command's own transaction (both read
     * models above, and the claimers' wake-up): one unit of work per event for all of them.
     */
    public static final String IN_TRANSACTION = "in-transaction";
    /** The daily analytics, which follow the event store on a tracking processor of their own. */
    public static final String TASK_ANALYTICS = "task-analytics";

    private ProcessingGroups() {
    }
}
