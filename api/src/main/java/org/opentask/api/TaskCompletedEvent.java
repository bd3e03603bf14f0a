package org.opentask.api;

public record TaskCompletedEvent(long taskId, String result, String operator) {
}
