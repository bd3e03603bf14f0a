package org.opentask.app.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** How the console prints times and durations; templates call it as {@code @consoleFormat}. */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    ConsoleFormat(ZoneId serverZone) {
        this.zone = serverZone;
    }

    public String time(LocalDateTime time) {
        return time == null ? "" : TIME.format(time);
    }

    public String moment(Instant time) {
        return time == null ? "never" : TIME.format(LocalDateTime.ofInstant(time, zone));
    }

    /** 850 ms, 12.4 s, 3 min 05 s, 2 h 10 min; a dash for no measurement. */
    public String duration(Number millis) {
        if (millis == null) {
            return "\u2013";
        }
        double ms = millis.doubleValue();
        if (ms < 1000) {
            return Math.round(ms) + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000);
        }
        long seconds = Math.round(ms / 1000);
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** A short duration for a chart's axis and points: 850 ms, 45 s, 2.5 min, 1.2 h. */
    public String axisDuration(double millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis < 1000) {
            return Math.round(millis) + " ms";
        }
        if (millis < 90_000) {
            return trim(millis / 1000) + " s";
        }
        if (millis < 5_400_000) {
            return trim(millis / 60_000) + " min";
        }
        return trim(millis / 3_600_000) + " h";
    }

    private static String trim(double value) {
        return value >= 10 || value == Math.rint(value)
                ? Long.toString(Math.round(value)) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    /** How long ago, roughly: 5 s ago, 3 min ago. */
    public String ago(Instant time, Instant now) {
        if (time == null) {
            return "never";
        }
        long seconds = Math.max(0, Duration.between(time, now).toSeconds());
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }
}
