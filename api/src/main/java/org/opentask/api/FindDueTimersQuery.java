package org.opentask.api;

/** The running tasks whose lease has ended and the failed tasks whose automatic retry is due, up to {@code limit} each. */
public record FindDueTimersQuery(int limit) {
}
