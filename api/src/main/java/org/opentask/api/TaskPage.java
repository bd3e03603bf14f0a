package org.opentask.api;

import java.util.List;

/**
 * One page of tasks: at most the {@code limit} asked for, and no more than {@link TaskLimits#PAGE_TEXT_CHARS} of
 * text (at least one task, however large), so that no answer holds more than a bounded amount of memory.
 * {@code more}: further tasks follow this page.
 */
public record TaskPage(List<TaskView> tasks, boolean more) {
}
