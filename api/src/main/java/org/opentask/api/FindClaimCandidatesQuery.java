package org.opentask.api;

/**
 * The ids of a bot's first {@code limit} pending tasks in the order a claim takes them: P0 before P1 before P2,
 * then oldest first. Answered with a list of ids; a claim then tries to start them one by one.
 */
public record FindClaimCandidatesQuery(String assignedTo, int limit) {
}
