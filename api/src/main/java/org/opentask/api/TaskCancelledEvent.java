package org.opentask.api;

import org.axonframework.serialization.Revision;

/**
 * A task was cancelled. Revision 2 added {@code reason}, which the operator may give (null when none was given);
 * events of revision 1, stored without it, are upcast to this shape when read.
 */
@Revision("2")
public record TaskCancelledEvent(long taskId, TaskStatus previousStatus, String operator, String reason) {

    public TaskCancelledEvent(long taskId, TaskStatus previousStatus, String operator) {
        this(taskId, previousStatus, operator, null);
    }
}
