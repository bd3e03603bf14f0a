package org.opentask.api;

/** One bot's tasks created on one day, counted by their status now. */
public record BotDayStats(String assignedTo,
                          long total,
                          long pending,
                          long running,
                          long completed,
                          long failed,
                          long cancelled) {
}
