package org.opentask.api;

public record TaskStartedEvent(long taskId, String assignedTo, String operator) {
}
