package org.opentask.app;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Every way a client may write a moment (the {@code at} of a task's past, a new task's {@code not_before}); each
 * form once, so that both parameters are tested with all of them.
 */
public final class DateTimeForms {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ZoneOffset INDIA = ZoneOffset.ofHoursMinutes(5, 30);

    private DateTimeForms() {
    }

    /** {@code moment}, a whole minute, written in each accepted form of a date-time. */
    public static List<String> of(Instant moment, ZoneId serverZone) {
        String server = LocalDateTime.ofInstant(moment, serverZone).format(LOCAL);
        String india = LocalDateTime.ofInstant(moment, INDIA).format(LOCAL);
        String plusFive = LocalDateTime.ofInstant(moment, ZoneOffset.ofHours(5)).format(LOCAL);
        return List.of(
                moment.toString(),                                       // 2026-11-25T10:00:00Z
                moment.toString().toLowerCase(),                         // 2026-11-25t10:00:00z
                india + "+05:30",
                india + "+05:30:00",
                plusFive + "+05",
                india.replace('T', ' ') + "+05:30",                      // a space for the T, with an offset
                moment.atZone(ZoneId.of("Europe/Paris")).toString(),     // ...+01:00[Europe/Paris]
                moment.plusMillis(0).toString().replace("Z", ".000Z"),   // with a fraction of a second
                server,                                                  // server time zone
                server.replace('T', ' '),
                server.substring(0, 16));                                // no seconds
    }

    /** Inputs that are no date-time. */
    public static final List<String> BAD = List.of("yesterday", "2026-13-01T00:00:00", "2026-02-30",
            "2026-04-24T10:00:00[Europe/Paris]", "2026-04-24T10:00:00+25:00", "");
}
