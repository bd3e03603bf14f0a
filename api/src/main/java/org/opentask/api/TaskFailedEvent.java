package org.opentask.api;

public record TaskFailedEvent(long taskId, String errorMessage, String operator) {
}
