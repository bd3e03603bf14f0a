package org.opentask.api;

/** One task that is not deleted; answered with an optional {@link TaskView}. */
public record FindTaskQuery(long taskId) {
}
