package org.opentask.query;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.BotDayAnalytics;
import org.opentask.api.FindDailyAnalyticsQuery;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskUpdatedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What happened to tasks, per day and bot: {@code task_analytics_event} holds one row per counted event with the
 * queue wait or run time it closed, {@code task_analytics_task} what a live task needs for the next measurement.
 * An event counts on its own day (its timestamp in the server's time zone) for the bot the task belonged to then.
 * Rows are only inserted, never counted up, so no command waits on a shared counter row, and each p95 is exact.
 */
@Component
@ProcessingGroup(TaskAnalyticsProjection.PROCESSING_GROUP)
class TaskAnalyticsProjection {

    static final String PROCESSING_GROUP = "task-analytics";

    private static final Logger log = LoggerFactory.getLogger(TaskAnalyticsProjection.class);

    private final JdbcClient jdbc;
    private final ZoneId zone;

    TaskAnalyticsProjection(JdbcClient jdbc, ZoneId serverZone) {
        this.jdbc = jdbc;
        this.zone = serverZone;
    }

    private record LiveTask(String assignedTo, Long pendingSinceMs, Long runningSinceMs) {
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("INSERT INTO task_analytics_task (task_id, assigned_to, pending_since_ms, running_since_ms)"
                        + " VALUES (?, ?, ?, NULL)")
                .params(event.taskId(), event.assignedTo(), at.toEpochMilli())
                .update();
        record(event.taskId(), sequence, at, event.assignedTo(), "created", null, null);
    }

    @EventHandler
    void on(TaskStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Optional<LiveTask> task = live(event.taskId());
        Long waitMs = task.map(LiveTask::pendingSinceMs).map(since -> since(since, at)).orElse(null);
        jdbc.sql("UPDATE task_analytics_task SET assigned_to = ?, pending_since_ms = NULL, running_since_ms = ?"
                        + " WHERE task_id = ?")
                .params(event.assignedTo(), at.toEpochMilli(), event.taskId())
                .update();
        record(event.taskId(), sequence, at, event.assignedTo(), "started", waitMs, null);
    }

    @EventHandler
    void on(TaskCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        endRun(event.taskId(), sequence, at, "completed", true);
    }

    @EventHandler
    void on(TaskFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        endRun(event.taskId(), sequence, at, "failed", false);
    }

    /** A lease ran out: the engine failed the task, which ends its run. */
    @EventHandler
    void on(TaskLeaseExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        endRun(event.taskId(), sequence, at, "expired", false);
    }

    @EventHandler
    void on(TaskCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event.previousStatus() == TaskStatus.RUNNING) {
            endRun(event.taskId(), sequence, at, "cancelled", true);
        } else {
            live(event.taskId()).ifPresent(task ->
                    record(event.taskId(), sequence, at, task.assignedTo(), "cancelled", null, null));
            forget(event.taskId());
        }
    }

    @EventHandler
    void on(TaskRetriedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        live(event.taskId()).ifPresent(task -> {
            jdbc.sql("UPDATE task_analytics_task SET pending_since_ms = ?, running_since_ms = NULL WHERE task_id = ?")
                    .params(at.toEpochMilli(), event.taskId())
                    .update();
            record(event.taskId(), sequence, at, task.assignedTo(), "retried", null, null);
        });
    }

    /** A task handed to another bot counts for that bot from then on. */
    @EventHandler
    void on(TaskUpdatedEvent event) {
        if (event.assignedTo() != null) {
            jdbc.sql("UPDATE task_analytics_task SET assigned_to = ? WHERE task_id = ?")
                    .params(event.assignedTo(), event.taskId())
                    .update();
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM task_analytics_event").update();
        jdbc.sql("DELETE FROM task_analytics_task").update();
    }

    /** Ends the task's run with {@code kind}; a finished task ({@code terminal}) needs no more measuring. */
    private void endRun(long taskId, long sequence, Instant at, String kind, boolean terminal) {
        Optional<LiveTask> task = live(taskId);
        if (task.isEmpty()) {
            log.warn("Task {} has no analytics row (events before the projection existed?): {} not counted",
                    taskId, kind);
            return;
        }
        Long runMs = task.get().runningSinceMs() == null ? null : since(task.get().runningSinceMs(), at);
        record(taskId, sequence, at, task.get().assignedTo(), kind, null, runMs);
        if (terminal) {
            forget(taskId);
        } else {
            jdbc.sql("UPDATE task_analytics_task SET running_since_ms = NULL WHERE task_id = ?").param(taskId).update();
        }
    }

    private Optional<LiveTask> live(long taskId) {
        return jdbc.sql("SELECT assigned_to, pending_since_ms, running_since_ms FROM task_analytics_task"
                        + " WHERE task_id = ?")
                .param(taskId)
                .query((rs, row) -> new LiveTask(rs.getString(1), rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class)))
                .optional();
    }

    private void forget(long taskId) {
        jdbc.sql("DELETE FROM task_analytics_task WHERE task_id = ?").param(taskId).update();
    }

    private void record(long taskId, long sequence, Instant at, String assignedTo, String kind, Long waitMs,
                        Long runMs) {
        jdbc.sql("INSERT INTO task_analytics_event (task_id, sequence_number, stat_date, assigned_to, kind, wait_ms,"
                        + " run_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(taskId, sequence, Date.valueOf(LocalDate.ofInstant(at, zone)), assignedTo, kind, waitMs,
                        runMs)
                .update();
    }

    /** Events of several instances carry their own clocks: a small skew must not make a negative duration. */
    private static long since(long startMs, Instant end) {
        return Math.max(0, end.toEpochMilli() - startMs);
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
