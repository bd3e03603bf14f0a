package org.opentask.app.system;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * The checks of a request's text fields and parameters that every call shares: each failure is an
 * {@link InvalidRequestException}, a 400 whose detail names the field.
 */
public final class RequestChecks {

    /**
     * ISO-8601: a date, or a date-time with an offset or none ({@code +02}, {@code +02:00}, {@code +02:00:00},
     * {@code Z}), and after an offset a zone in brackets ({@code [Europe/Paris]}); case-insensitive, as Java's own
     * ISO formats.
     */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .parseLenient().appendOffsetId().parseStrict()
            .optionalStart()
            .appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']')
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);
    /** The space the API itself prints between a date and a time ({@code 2026-04-24 10:00:00}), read as a T. */
    private static final Pattern SPACE_FOR_T = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) ");

    private RequestChecks() {
    }

    /** {@code value}, which must be given, not blank, and at most {@code maxLength} characters long. */
    public static String requireText(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidRequestException(field, field + " is required");
        }
        return optionalText(field, value, maxLength);
    }

    /** As {@link #requireText}, but null passes as null. */
    public static String optionalText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidRequestException(field, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequestException(field,
                    field + " must be at most " + maxLength + " characters, got " + value.length());
        }
        return value;
    }

    /** A query parameter or header given empty ({@code ?assigned_to=}) counts as not given. */
    public static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A moment given as a date-time (see {@link #DATE_TIME}; a space for the T too): with an offset as given, without
     * one in the server's zone, as the API prints times; a date alone is its first moment in the server's zone.
     */
    public static Instant dateTime(String field, String text, ZoneId serverZone) {
        String value = SPACE_FOR_T.matcher(text.trim()).replaceFirst("$1T");
        try {
            TemporalAccessor parsed = DATE_TIME.parse(value);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return ZonedDateTime.from(parsed).toInstant();
            }
            if (parsed.isSupported(ChronoField.NANO_OF_DAY)) {
                return LocalDateTime.from(parsed).atZone(serverZone).toInstant();
            }
            return LocalDate.from(parsed).atStartOfDay(serverZone).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field, field + " must be an ISO-8601 date-time such as 2026-04-24T10:00:00"
                    + " (server time zone), 2026-04-24T10:00:00Z or 2026-04-24T10:00:00+02:00, or a date, got '"
                    + text + "'");
        }
    }
}
