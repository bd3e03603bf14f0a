package org.opentask.api;

/** Every bot that has or had a task, with how many of its tasks wait and run now. */
public record FindBotQueuesQuery() {
}
