package org.opentask.api;

/** A bot's queue now: its pending tasks (the queue depth) and its running ones; deleted tasks left out. */
public record BotQueue(String assignedTo, long pending, long running) {
}
