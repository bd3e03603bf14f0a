package org.opentask.app.webhook;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happened to a task, as subscriptions name it. {@code exhausted}: the task failed (by a {@code fail} or an
 * expired lease) and cannot be retried any more. A delivery's {@code type} is {@code task.} and the kind.
 */
enum EventKind {
    CREATED, STARTED, COMPLETED, FAILED, RETRIED, CANCELLED, EXPIRED, EXHAUSTED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    String type() {
        return "task." + label();
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(EventKind::label).toList();
    }

    /** The kinds written as a subscription stores them: labels separated by commas. */
    static Set<EventKind> parse(String stored) {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String label : stored.split(",")) {
            if (!label.isBlank()) {
                kinds.add(valueOf(label.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return kinds;
    }

    static String format(Set<EventKind> kinds) {
        return kinds.stream().map(EventKind::label).collect(Collectors.joining(","));
    }
}
