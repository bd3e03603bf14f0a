package org.opentask.api;

public record TaskCancelledEvent(long taskId, TaskStatus previousStatus, String operator) {
}
