package org.opentask.api;

/** A task's audit trail, newest first. */
public record FindTaskLogQuery(long taskId) {
}
