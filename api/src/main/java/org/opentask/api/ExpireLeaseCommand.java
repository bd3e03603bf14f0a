package org.opentask.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The engine found, at {@code at}, that a running task's lease had ended: the task fails unless a heartbeat moved
 * its lease past {@code at} in the meantime, or it is no longer running. Sent by the lease sweep; any number of
 * instances may send it for the same lease, the task fails once.
 */
public record ExpireLeaseCommand(@TargetAggregateIdentifier long taskId, Instant at) {
}
