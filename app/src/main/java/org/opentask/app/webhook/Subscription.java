package org.opentask.app.webhook;

import java.util.Set;

/** One row of {@code webhook_subscription}. */
record Subscription(long id, String url, Set<EventKind> events, String bot, String taskNamePrefix, String secret,
                    boolean enabled, long createdMillis, long updatedMillis) {

    /** Whether this subscription wants {@code kind} of a task of {@code bot} named {@code taskName}. */
    boolean wants(EventKind kind, String taskBot, String taskName) {
        return enabled && events.contains(kind)
                && (bot == null || bot.equals(taskBot))
                && (taskNamePrefix == null || (taskName != null && taskName.startsWith(taskNamePrefix)));
    }
}
