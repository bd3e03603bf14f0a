package org.opentask.api;

import java.time.LocalDate;

/**
 * Per day ({@code from} to {@code to}, both included, server time zone), what happened to tasks: the events
 * counted by the day they happened on, queue waits and run times. {@code assignedTo} null: every bot.
 * {@code perBot}: one row per day and bot; otherwise one row per day for all the bots asked for together
 * (its {@code assignedTo} is the bot asked for, or null), with the p95 over all their tasks.
 */
public record FindDailyAnalyticsQuery(LocalDate from, LocalDate to, String assignedTo, boolean perBot) {
}
