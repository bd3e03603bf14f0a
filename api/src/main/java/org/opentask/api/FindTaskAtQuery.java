package org.opentask.api;

import java.time.Instant;

/**
 * A task as it was at {@code at}, folded from its events up to that moment; answered with an optional
 * {@link TaskView}, empty when the task did not exist yet or had been deleted by then.
 */
public record FindTaskAtQuery(long taskId, Instant at) {
}
