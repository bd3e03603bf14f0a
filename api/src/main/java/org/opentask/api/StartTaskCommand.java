package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A bot starts a pending task. {@code operator} may be null: it then is the assigned bot. */
public record StartTaskCommand(@TargetAggregateIdentifier long taskId, String operator) {
}
