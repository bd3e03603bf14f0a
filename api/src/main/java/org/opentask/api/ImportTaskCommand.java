package org.opentask.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Brings over a task from another OpenTask service under its own id. {@code source} names where it came from. */
public record ImportTaskCommand(@TargetAggregateIdentifier long taskId, ImportedTask task, String source,
                                String operator) {
}
