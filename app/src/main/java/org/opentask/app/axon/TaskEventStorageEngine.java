package org.opentask.app.axon;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

/**
 * Axon's JDBC engine, minus a query it makes each time a task is loaded to decide a command: no second, empty read
 * of the task's events. The engine reads a task's events in ranges of sequence numbers and by default reads ranges
 * until one comes back empty, to step over holes in the numbers. An aggregate's sequence numbers have no holes, so
 * a range with fewer rows than its size is the last (docs/performance.md).
 * <p>
 * It also writes an event's time without a {@code DateTimeFormatter}: the same text as Axon's
 * ({@code 2026-12-07T18:39:01.123Z}, milliseconds cut, not rounded), built by hand, because formatting it took a
 * percent of the service's CPU under load, and reads it back for the processors that follow the store the same way:
 * Axon's parser took 3 % of the service's CPU, parsing every event the background processors handled.
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

    /**
     * The stored event as Axon's engine reads it, but its time parsed by {@link #instant}: a processor asks every
     * event's time (the analytics count by it, the webhooks compare it with their subscriptions').
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> stored = super.getTrackedEventData(resultSet, previousToken);
        return stored instanceof TrackedDomainEventData<?> domain
                ? timed(domain, resultSet.getString(schema().timestampColumn())) : stored;
    }

    private static <T> TrackedEventData<T> timed(TrackedDomainEventData<T> stored, String time) {
        return new TrackedDomainEventData<>(stored.trackingToken(), new Timed<>(stored, time));
    }

    /** A stored event with its time read from the stored text by hand, once. */
    private static final class Timed<T> implements DomainEventData<T> {

        private final DomainEventData<T> stored;
        private final String time;
        private Instant instant;

        Timed(DomainEventData<T> stored, String time) {
            this.stored = stored;
            this.time = time;
        }

        @Override
        public Instant getTimestamp() {
            if (instant == null) {
                instant = time == null ? stored.getTimestamp() : instant(time);
            }
            return instant;
        }

        @Override
        public String getEventIdentifier() {
            return stored.getEventIdentifier();
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return stored.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return stored.getPayload();
        }

        @Override
        public String getType() {
            return stored.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return stored.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return stored.getSequenceNumber();
        }
    }

    /**
     * What Axon's {@link DateTimeUtils#parseInstant} reads from {@code text}: the text {@link #timestamp} writes
     * ({@code 2026-12-07T18:39:01.123Z}) by hand, anything else (other precisions, offsets) by Axon's parser.
     */
    static Instant instant(String text) {
        if (text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
            return DateTimeUtils.parseInstant(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int millis = number(text, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0 || hour > 23 || minute > 59 || second > 59) {
            return DateTimeUtils.parseInstant(text);
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return DateTimeUtils.parseInstant(text);
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    /** The decimal number of {@code width} digits at {@code from}; -1 when one is not a digit. */
    private static int number(String text, int from, int width) {
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
