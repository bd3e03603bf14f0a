package org.opentask.api;

/**
 * What a bot's key may do to a task, enforced by the Task aggregate on every command: a command sent for a bot
 * carries that bot's name in its meta data under {@link #ACTING_BOT}; a command without it is an operator's (or
 * the engine's) and may do everything.
 * <ul>
 *     <li>the bot a task is assigned to starts, heartbeats, progresses, completes, fails and retries it;</li>
 *     <li>the bot that created a task (bots delegate) cancels, edits, retries and deletes it;</li>
 *     <li>to any other bot the task does not exist (404); a bot that may see the task but not make that change is
 *     refused with 403.</li>
 * </ul>
 */
public final class BotAuthority {

    /** The meta data key naming the bot a command is sent for. */
    public static final String ACTING_BOT = "actingBot";

    private BotAuthority() {
    }
}
