package org.opentask.api;

/**
 * The bounds of a task's fields, as the contract and the {@code bot_task} columns have them. The Task aggregate
 * enforces them whoever sends a command; the REST API and the console check the same bounds first, so that they
 * can name the field that is wrong.
 */
public final class TaskLimits {

    /** {@code task_name}: 1 to 100 characters. */
    public static final int NAME_LENGTH = 100;
    /** A bot's name, as in {@code assigned_to} and {@code created_by}: 1 to 50 characters. */
    public static final int BOT_LENGTH = 50;
    /** Who acts, the {@code operator} of the events and the audit trail: up to 100 characters. */
    public static final int ACTOR_LENGTH = 100;
    /** The reason given with a cancel: up to 500 characters. */
    public static final int REASON_LENGTH = 500;
    /** {@code max_retry}: 0 to 100. */
    public static final int MAX_RETRY = 100;
    /** {@code max_retry} of a task created without one. */
    public static final int DEFAULT_MAX_RETRY = 3;

    /**
     * The text (descriptions, parameters, results, error messages, event payloads) one page of an answer may hold,
     * in characters: a page ends before the task or event that would pass it, and holds at least one.
     */
    public static final int PAGE_TEXT_CHARS = 4 * 1024 * 1024;

    private TaskLimits() {
    }
}
