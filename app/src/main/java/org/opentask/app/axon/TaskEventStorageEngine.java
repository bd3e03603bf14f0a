package org.opentask.app.axon;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC engine, minus a query it makes each time a task is loaded to decide a command: no second, empty read
 * of the task's events. The engine reads a task's events in ranges of sequence numbers and by default reads ranges
 * until one comes back empty, to step over holes in the numbers. An aggregate's sequence numbers have no holes, so
 * a range with fewer rows than its size is the last (docs/performance.md).
 * <p>
 * It also writes an event's time without a {@code DateTimeFormatter}: the same text as Axon's
 * ({@code 2026-12-07T18:39:01.123Z}, milliseconds cut, not rounded), built by hand, because formatting it took a
 * percent of the service's CPU under load.
 */
final class TaskEventStorageEngine extends JdbcEventStorageEngine {

    /** 1970-01-01 and 10000-01-01 in seconds: the times written by hand lie between. */
    private static final long FIRST = 0L;
    private static final long AFTER_LAST = 253_402_300_800L;

    TaskEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }

    @Override
    protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp) throws SQLException {
        statement.setString(position, timestamp(timestamp));
    }

    /** What Axon's {@link DateTimeUtils#formatInstant} writes for {@code at}. */
    static String timestamp(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < FIRST || seconds >= AFTER_LAST) {
            return DateTimeUtils.formatInstant(at);
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, at.getNano(), ZoneOffset.UTC);
        byte[] text = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0',
                '.', '0', '0', '0', 'Z'};
        digits(text, 0, 4, time.getYear());
        digits(text, 5, 2, time.getMonthValue());
        digits(text, 8, 2, time.getDayOfMonth());
        digits(text, 11, 2, time.getHour());
        digits(text, 14, 2, time.getMinute());
        digits(text, 17, 2, time.getSecond());
        digits(text, 20, 3, time.getNano() / 1_000_000);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] text, int from, int width, int value) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
