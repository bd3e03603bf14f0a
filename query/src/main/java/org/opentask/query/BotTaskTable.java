package org.opentask.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.opentask.api.BotDayStats;
import org.opentask.api.BotQueue;
import org.opentask.api.TaskGauge;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.ImportedTask;
import org.opentask.api.Priority;
import org.opentask.api.TaskPage;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.TaskView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every statement on {@code bot_task}, one row per task: {@link BotTaskProjection} writes it through the methods
 * named for what happened to a task, {@link BotTaskQueries} reads it through the methods named for what a caller
 * wants to know. No SQL on this table is written anywhere else. A replay and a task's past use the same statements
 * on a copy of the table ({@link #BotTaskTable(JdbcClient, String)}).
 */
@Component
class BotTaskTable {

    static final String NAME = "bot_task";

    private static final String COLUMNS = "id, task_name, task_description, task_params, assigned_to, priority,"
            + " status, progress, created_time, started_time, completed_time, result, error_message, retry_count,"
            + " max_retry, created_by, timeout_seconds, auto_retry, not_before, lease_expires_time, next_retry_time";

    /**
     * The tasks a bot may take now: pending, not deleted, and due ({@code not_before} passed). The pending list and
     * claiming share it; its one parameter is the time now in the server's zone.
     */
    private static final String READY =
            "status = 'pending' AND deleted = 0 AND (not_before IS NULL OR not_before <= ?)";

    /**
     * A bot's queue in order is a walk along {@code idx_bot_task_pending}. MariaDB's optimizer picked the status
     * index instead once a {@code limit} of 1,000 met 10,000 pending tasks among a million, and sorted all of them
     * (590 ms instead of 11 ms, docs/performance.md). The hint is understood by H2, MySQL and MariaDB alike.
     */
    private static final String BY_QUEUE = "USE INDEX (idx_bot_task_pending)";

    /** A bot's queue in the order it is worked: P0 before P1 before P2, then oldest first. */
    private static final String QUEUE_ORDER = " ORDER BY priority, created_time, id LIMIT ?";

    /** The list's order; each index the list walks ({@link TaskPages#listIndex}) ends in it. */
    private static final String NEWEST_FIRST = " ORDER BY created_time DESC, id DESC LIMIT ?";
    /** The tasks after a given one in the list's order: where the list's next chunk starts. */
    private static final String OLDER = " AND (created_time < ? OR created_time = ? AND id < ?)";

    private final JdbcClient jdbc;
    /** {@code bot_task}, or a copy of it that a replay builds. */
    private final String table;
    /** What names an index for the list to walk ({@link DatabaseDialect#indexHint}). */
    private final UnaryOperator<String> indexHint;

    @Autowired
    BotTaskTable(JdbcClient jdbc, DatabaseDialect dialect) {
        this(jdbc, NAME, dialect::indexHint);
    }

    /**
     * A copy that a replay writes, read without index hints: H2 gives a copy's indexes names of their own
     * ({@link H2Dialect#createTableLike}).
     */
    BotTaskTable(JdbcClient jdbc, String table) {
        this(jdbc, table, index -> "");
    }

    private BotTaskTable(JdbcClient jdbc, String table, UnaryOperator<String> indexHint) {
        this.jdbc = jdbc;
        this.table = table;
        this.indexHint = indexHint;
    }

    // what happened to a task

    void created(TaskCreatedEvent event, TaskTiming timing, LocalDateTime at, LocalDateTime notBefore) {
        jdbc.sql("INSERT INTO " + table + " (id, task_name, task_description, task_params, assigned_to, priority,"
                        + " status, progress, created_time, retry_count, max_retry, created_by, deleted, update_time,"
                        + " timeout_seconds, auto_retry, not_before)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?, 0, ?, ?, ?, ?)")
                .params(event.taskId(), event.taskName(), event.taskDescription(), event.taskParams(),
                        event.assignedTo(), event.priority().name(), at, event.maxRetry(), event.createdBy(), at,
                        timing.timeoutSeconds(), timing.autoRetry() ? 1 : 0, notBefore)
                .update();
    }

    /** A task brought over from another service, whole: its times as it kept them, no lease, no timer. */
    void imported(ImportedTask task, ZoneId zone, LocalDateTime at) {
        jdbc.sql("INSERT INTO " + table + " (id, task_name, task_description, task_params, assigned_to, priority,"
                        + " status, progress, created_time, started_time, completed_time, result, error_message,"
                        + " retry_count, max_retry, created_by, deleted, update_time, timeout_seconds, auto_retry)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")
                .params(task.taskId(), task.taskName(), task.taskDescription(), task.taskParams(), task.assignedTo(),
                        task.priority().name(), task.status().toString(), task.progress(),
                        EventTime.local(task.createdAt(), zone), EventTime.local(task.startedAt(), zone),
                        EventTime.local(task.completedAt(), zone), task.result(), task.errorMessage(),
                        task.retryCount(), task.maxRetry(), task.createdBy(), task.deleted() ? 1 : 0,
                        task.updatedAt() == null ? at : EventTime.local(task.updatedAt(), zone))
                .update();
    }

    /** {@code leaseExpires} null: no lease, or the start of an older history, whose lease end came next. */
    void started(long taskId, LocalDateTime at, LocalDateTime leaseExpires) {
        change(taskId, at, "status = 'running', progress = 0, started_time = ?, lease_expires_time = ?", at,
                leaseExpires);
    }

    void completed(long taskId, String result, LocalDateTime at) {
        change(taskId, at, "status = 'completed', progress = 100, result = ?, completed_time = ?,"
                + " lease_expires_time = NULL", result, at);
    }

    /** A bot's failure and an expired lease leave the same row. */
    void failed(long taskId, String errorMessage, LocalDateTime at) {
        change(taskId, at, "status = 'failed', error_message = ?, completed_time = ?, lease_expires_time = NULL",
                errorMessage, at);
    }

    void retried(long taskId, int retryCount, LocalDateTime at) {
        change(taskId, at, "status = 'pending', retry_count = ?, progress = 0, started_time = NULL,"
                + " completed_time = NULL, next_retry_time = NULL", retryCount);
    }

    void cancelled(long taskId, LocalDateTime at) {
        change(taskId, at, "status = 'cancelled', completed_time = ?, lease_expires_time = NULL,"
                + " next_retry_time = NULL", at);
    }

    /** Only the fields the edit names change. */
    void updated(TaskUpdatedEvent event, LocalDateTime at) {
        change(event.taskId(), at, "task_name = COALESCE(?, task_name),"
                        + " task_description = COALESCE(?, task_description), task_params = COALESCE(?, task_params),"
                        + " assigned_to = COALESCE(?, assigned_to), priority = COALESCE(?, priority),"
                        + " progress = COALESCE(?, progress)",
                event.taskName(), event.taskDescription(), event.taskParams(), event.assignedTo(),
                event.priority() == null ? null : event.priority().name(), event.progress());
    }

    /** Deleted tasks keep their row, hidden from every read; no lease or retry of theirs is left for the sweep. */
    void deleted(long taskId, LocalDateTime at) {
        change(taskId, at, "deleted = 1, lease_expires_time = NULL, next_retry_time = NULL");
    }

    void leaseEndsAt(long taskId, LocalDateTime leaseExpires, LocalDateTime at) {
        change(taskId, at, "lease_expires_time = ?", leaseExpires);
    }

    void retryScheduled(long taskId, LocalDateTime retryAt, LocalDateTime at) {
        change(taskId, at, "next_retry_time = ?", retryAt);
    }

    /** One task's row changes as {@code assignments} say, with {@code values} for their parameters, at {@code at}. */
    private void change(long taskId, LocalDateTime at, String assignments, Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(at);
        params.add(taskId);
        jdbc.sql("UPDATE " + table + " SET " + assignments + ", update_time = ? WHERE id = ?")
                .params(params)
                .update();
    }

    void clear() {
        jdbc.sql("DELETE FROM " + table).update();
    }

    // what callers want to know; deleted tasks are left out of every answer

    Optional<TaskView> find(long taskId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ? AND deleted = 0")
                .param(taskId)
                .query(BotTaskTable::toView)
                .optional();
    }

    /**
     * Newest first, filtered as the query says: one plain statement per chunk along the index
     * {@link TaskPages#listIndex} picks, which MySQL and MariaDB read in order and stop at the limit (H2 sorts a
     * filtered list's rows). A derived table of the page's ids, joined back and sorted, cost MariaDB two temporary
     * tables (one on disk) and a sort per chunk. Each chunk starts after the task before it: an offset per chunk
     * re-read every row before it (1,000 pending tasks of a bot among 200,000 on MariaDB: 1.36 s, now 0.08 s).
     */
    TaskPage list(FindTasksQuery query) {
        StringBuilder where = new StringBuilder(" WHERE deleted = 0");
        List<Object> params = new ArrayList<>();
        if (query.assignedTo() != null) {
            where.append(" AND assigned_to = ?");
            params.add(query.assignedTo());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().toString());
        }
        if (query.priority() != null) {
            where.append(" AND priority = ?");
            params.add(query.priority().name());
        }
        if (query.exhausted() != null) {
            where.append(query.exhausted() ? " AND retry_count >= max_retry" : " AND retry_count < max_retry");
        }
        String from = " FROM " + table + " " + indexHint.apply(TaskPages.listIndex(query)) + where;
        Object[] first = null;
        if (query.offset() > 0) {
            // the task before the page, found without reading the text of the rows skipped: they may hold megabytes
            List<Object> skip = new ArrayList<>(params);
            skip.addAll(List.of(1, query.offset() - 1));
            first = jdbc.sql("SELECT created_time, id" + from + NEWEST_FIRST + " OFFSET ?").params(skip)
                    .query((rs, row) -> new Object[] {rs.getObject(1, LocalDateTime.class), rs.getLong(2)})
                    .optional().orElse(null);
            if (first == null) {
                return new TaskPage(List.of(), false);
            }
        }
        Object[] before = first;
        return TaskPages.read(query.limit(), 0, (rows, position, last) -> {
            Object[] after = last == null ? before : new Object[] {last.createdTime(), last.id()};
            List<Object> chunkParams = new ArrayList<>(params);
            if (after != null) {
                chunkParams.addAll(List.of(after[0], after[0], after[1]));
            }
            chunkParams.add(rows);
            return jdbc.sql("SELECT " + COLUMNS + from + (after == null ? "" : OLDER) + NEWEST_FIRST)
                    .params(chunkParams).query(BotTaskTable::toView).list();
        });
    }

    /** Running without a lease since before {@code startedBefore}, oldest start first; {@code bot} null: all. */
    List<TaskView> stale(String bot, LocalDateTime startedBefore, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + table + " WHERE status = 'running' AND deleted = 0"
                        + " AND lease_expires_time IS NULL AND started_time < ?"
                        + (bot == null ? "" : " AND assigned_to = ?") + " ORDER BY started_time, id LIMIT ?")
                .params(bot == null ? List.of(startedBefore, limit) : List.of(startedBefore, bot, limit))
                .query(BotTaskTable::toView)
                .list();
    }

    /** The first {@code limit} tasks {@code bot} may take at {@code now}, in the order of its queue. */
    TaskPage ready(String bot, LocalDateTime now, int limit, int offset) {
        // READY reads each row (not_before): one plain statement along the queue index, no derived table, no sort
        return TaskPages.read(limit, offset, (rows, position, last) -> jdbc.sql("SELECT " + COLUMNS + " FROM " + table
                        + " " + BY_QUEUE + " WHERE assigned_to = ? AND " + READY + QUEUE_ORDER + " OFFSET ?")
                .params(bot, now, rows, position)
                .query(BotTaskTable::toView)
                .list());
    }

    /** The ids of {@link #ready}: what a claim reads, often. */
    List<Long> readyIds(String bot, LocalDateTime now, int limit) {
        return jdbc.sql("SELECT id FROM " + table + " " + BY_QUEUE + " WHERE assigned_to = ? AND " + READY
                        + QUEUE_ORDER)
                .params(bot, now, limit)
                .query(Long.class)
                .list();
    }

    /** Running tasks whose lease ended by {@code now}, the longest overdue first: a walk along idx_bot_task_lease. */
    List<Long> expiredLeases(LocalDateTime now, int limit) {
        return due("lease_expires_time", "running", now, limit);
    }

    /** Failed tasks whose automatic retry was due by {@code now}, the longest overdue first (idx_bot_task_retry). */
    List<Long> dueRetries(LocalDateTime now, int limit) {
        return due("next_retry_time", "failed", now, limit);
    }

    private List<Long> due(String timeColumn, String status, LocalDateTime now, int limit) {
        return jdbc.sql("SELECT id FROM " + table + " WHERE " + timeColumn + " <= ? AND status = '" + status + "'"
                        + " AND deleted = 0 ORDER BY " + timeColumn + " LIMIT ?")
                .params(now, limit)
                .query(Long.class)
                .list();
    }

    /** Which of {@code bots} have at least one task they may take at {@code now}. */
    List<String> botsWithReadyTasks(List<String> bots, LocalDateTime now) {
        if (bots.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(bots.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(now);
        params.addAll(bots);
        return jdbc.sql("SELECT DISTINCT assigned_to FROM " + table
                        + " WHERE " + READY + " AND assigned_to IN (" + marks + ")")
                .params(params)
                .query(String.class)
                .list();
    }

    /** Every bot that has or had tasks, with its pending and running ones, by name. */
    List<BotQueue> queues() {
        Map<String, long[]> bots = new TreeMap<>();
        jdbc.sql("SELECT assigned_to, status, deleted, COUNT(*) FROM " + table
                        + " GROUP BY assigned_to, status, deleted")
                .query(rs -> {
                    long[] counts = bots.computeIfAbsent(rs.getString(1), bot -> new long[2]);
                    if (rs.getInt(3) == 0 && "pending".equals(rs.getString(2))) {
                        counts[0] += rs.getLong(4);
                    } else if (rs.getInt(3) == 0 && "running".equals(rs.getString(2))) {
                        counts[1] += rs.getLong(4);
                    }
                });
        return bots.entrySet().stream()
                .map(bot -> new BotQueue(bot.getKey(), bot.getValue()[0], bot.getValue()[1]))
                .toList();
    }

    /**
     * Per bot and status: the count and the oldest creation time, read off the pending index alone (it holds every
     * column used), and the running tasks whose lease ended before {@code now}, from the lease index's range.
     */
    List<TaskGauge> gauges(LocalDateTime now) {
        Map<String, Long> overdue = new HashMap<>();
        jdbc.sql("SELECT assigned_to, COUNT(*) FROM " + table
                        + " WHERE lease_expires_time < ? AND status = 'running' AND deleted = 0 GROUP BY assigned_to")
                .params(now)
                .query(rs -> {
                    overdue.put(rs.getString(1), rs.getLong(2));
                });
        return jdbc.sql("SELECT assigned_to, status, COUNT(*), MIN(created_time) FROM " + table
                        + " WHERE deleted = 0 GROUP BY assigned_to, status")
                .query((rs, row) -> new TaskGauge(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, LocalDateTime.class),
                        "running".equals(rs.getString(2)) ? overdue.getOrDefault(rs.getString(1), 0L) : 0L))
                .list();
    }

    /**
     * Per bot, the tasks created on {@code day} counted by their status now, as the {@code bot_task_daily_stats}
     * view counts them; the range on {@code created_time} lets the index serve the day.
     */
    List<BotDayStats> dayStats(LocalDate day) {
        return jdbc.sql("SELECT assigned_to, COUNT(*) AS total,"
                        + " SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,"
                        + " SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,"
                        + " SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,"
                        + " SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,"
                        + " SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled"
                        + " FROM " + table + " WHERE created_time >= ? AND created_time < ? AND deleted = 0"
                        + " GROUP BY assigned_to ORDER BY assigned_to")
                .params(day.atStartOfDay(), day.plusDays(1).atStartOfDay())
                .query((rs, row) -> new BotDayStats(rs.getString("assigned_to"), rs.getLong("total"),
                        rs.getLong("pending"), rs.getLong("running"), rs.getLong("completed"),
                        rs.getLong("failed"), rs.getLong("cancelled")))
                .list();
    }

    private static TaskView toView(ResultSet rs, int row) throws SQLException {
        return new TaskView(
                rs.getLong("id"),
                rs.getString("task_name"),
                rs.getString("task_description"),
                rs.getString("task_params"),
                rs.getString("assigned_to"),
                Priority.valueOf(rs.getString("priority")),
                TaskStatus.fromWireName(rs.getString("status")),
                rs.getInt("progress"),
                rs.getObject("created_time", LocalDateTime.class),
                rs.getObject("started_time", LocalDateTime.class),
                rs.getObject("completed_time", LocalDateTime.class),
                rs.getString("result"),
                rs.getString("error_message"),
                rs.getInt("retry_count"),
                rs.getInt("max_retry"),
                rs.getString("created_by"),
                rs.getInt("timeout_seconds"),
                rs.getInt("auto_retry") != 0,
                rs.getObject("not_before", LocalDateTime.class),
                rs.getObject("lease_expires_time", LocalDateTime.class),
                rs.getObject("next_retry_time", LocalDateTime.class));
    }
}
