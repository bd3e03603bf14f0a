package org.opentask.api;

import java.util.List;

/** Which of {@code bots} have at least one pending task; answered with a list of bot names. */
public record FindBotsWithPendingTasksQuery(List<String> bots) {
}
