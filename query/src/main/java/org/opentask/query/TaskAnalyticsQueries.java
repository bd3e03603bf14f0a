package org.opentask.query;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.BotDayAnalytics;
import org.opentask.api.FindDailyAnalyticsQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The day's analytics per bot (or per day), answered from what {@link TaskAnalyticsProjection} wrote. */
@Component
class TaskAnalyticsQueries {

    private final JdbcClient jdbc;

    TaskAnalyticsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<BotDayAnalytics> handle(FindDailyAnalyticsQuery query) {
        // per bot, or all the bots asked for together as one row per day
        String bot = query.perBot() ? "assigned_to" : "NULL";
        String group = query.perBot() ? "stat_date, assigned_to" : "stat_date";
        String where = " stat_date >= ? AND stat_date <= ?" + (query.assignedTo() == null ? "" : " AND assigned_to = ?");
        List<Object> params = new ArrayList<>(List.of(Date.valueOf(query.from()), Date.valueOf(query.to())));
        if (query.assignedTo() != null) {
            params.add(query.assignedTo());
        }
        Map<String, Day> days = new TreeMap<>();
        jdbc.sql("SELECT stat_date, " + bot + ", kind, COUNT(*) FROM task_analytics_event WHERE" + where
                        + " GROUP BY " + group + ", kind")
                .params(params)
                .query(rs -> {
                    day(days, rs.getDate(1).toLocalDate(), rs.getString(2)).counts.put(rs.getString(3), rs.getLong(4));
                });
        for (String column : List.of("wait_ms", "run_ms")) {
            jdbc.sql("SELECT stat_date, bot, n, total, ms FROM ("
                            + " SELECT stat_date, " + bot + " AS bot, " + column + " AS ms,"
                            + " ROW_NUMBER() OVER (PARTITION BY " + group + " ORDER BY " + column + ") AS rn,"
                            + " COUNT(*) OVER (PARTITION BY " + group + ") AS n,"
                            + " SUM(" + column + ") OVER (PARTITION BY " + group + ") AS total"
                            + " FROM task_analytics_event WHERE " + column + " IS NOT NULL AND" + where
                            + ") ranked WHERE rn * 100 >= n * 95 AND (rn - 1) * 100 < n * 95")
                    .params(params)
                    .query(rs -> {
                        day(days, rs.getDate(1).toLocalDate(), rs.getString(2))
                                .durations.put(column, new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                    });
        }
        List<BotDayAnalytics> rows = new ArrayList<>(days.size());
        for (Day day : days.values()) {
            long[] wait = day.durations.get("wait_ms");
            long[] run = day.durations.get("run_ms");
            rows.add(new BotDayAnalytics(day.date, day.bot != null ? day.bot : query.assignedTo(),
                    day.count("created"), day.count("started"), day.count("completed"), day.count("failed"),
                    day.count("cancelled"), day.count("retried"), day.count("expired"),
                    wait == null ? 0 : wait[0], wait == null ? null : (double) wait[1] / wait[0],
                    wait == null ? null : wait[2],
                    run == null ? 0 : run[0], run == null ? null : (double) run[1] / run[0],
                    run == null ? null : run[2]));
        }
        return rows;
    }

    /*
     * The p95 above is the nearest rank: the value at rank ceil(0.95 n) of the day's sorted durations, written
     * in integers (rn * 100 >= 95 n > (rn - 1) * 100) so that no rounding can move it.
     */

    /** The day's entry, kept in order of day, then bot. */
    private static Day day(Map<String, Day> days, LocalDate date, String bot) {
        return days.computeIfAbsent(date + " " + (bot == null ? "" : bot), key -> new Day(date, bot));
    }

    private static final class Day {
        final LocalDate date;
        final String bot;
        final Map<String, Long> counts = new TreeMap<>();
        /** per duration column: count, total, p95 */
        final Map<String, long[]> durations = new TreeMap<>();

        Day(LocalDate date, String bot) {
            this.date = date;
            this.bot = bot;
        }

        long count(String kind) {
            return counts.getOrDefault(kind, 0L);
        }
    }
}
