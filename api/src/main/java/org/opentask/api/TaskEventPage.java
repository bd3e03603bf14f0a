package org.opentask.api;

import java.util.List;

/**
 * One page of a task's events, oldest first: at most the {@code limit} asked for and no more than
 * {@link TaskLimits#PAGE_TEXT_CHARS} of text (at least one event). {@code nextAfter}: the sequence number to ask
 * for the next page after, null when this page ends the stream.
 */
public record TaskEventPage(List<TaskEvent> events, Long nextAfter) {
}
