package org.opentask.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * An event's time as the read models write it. The event store keeps an event's timestamp to the millisecond,
 * while the event handed to a projection as it is published still carries the clock's full precision (micro- or
 * nanoseconds). Cutting it to the millisecond here makes the live rows and the rows of a rebuild from the stored
 * events the same.
 */
final class EventTime {

    private EventTime() {
    }

    static LocalDateTime local(Instant at, ZoneId zone) {
        return at == null ? null : LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), zone);
    }
}
