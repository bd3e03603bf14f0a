package org.opentask.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.FindPendingTasksQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.Priority;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.TaskView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code bot_task} table: one row per task, as bots and operators read it. Every time written comes from the
 * event's timestamp, so a rebuild from the events gives the same rows.
 */
@Component
@ProcessingGroup(BotTaskProjection.PROCESSING_GROUP)
class BotTaskProjection {

    static final String PROCESSING_GROUP = "bot-task";

    static final String COLUMNS = "id, task_name, task_description, task_params, assigned_to, priority, status,"
            + " progress, created_time, started_time, completed_time, result, error_message, retry_count, max_retry,"
            + " created_by, timeout_seconds, auto_retry, not_before, lease_expires_time, next_retry_time";

    /**
     * The tasks a bot may take now: pending, not deleted, and due ({@code not_before} passed). The pending query
     * and claiming share it; its one parameter is the time now in the server's zone.
     */
    static final String READY = "status = 'pending' AND deleted = 0 AND (not_before IS NULL OR not_before <= ?)";

    static final String TABLE = "bot_task";

    /**
     * A bot's queue in order is a walk along {@code idx_bot_task_pending}. MariaDB's optimizer picked the status
     * index instead once a {@code limit} of 1,000 met 10,000 pending tasks among a million, and sorted all of them
     * (590 ms instead of 11 ms, docs/performance.md). The hint is understood by H2, MySQL and MariaDB alike.
     */
    static final String BY_QUEUE = "USE INDEX (idx_bot_task_pending)";

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final Clock clock;

    /** The table the event handlers write: {@code bot_task}, or a copy of it that a replay builds. */
    private final String table;

    @Autowired
    BotTaskProjection(JdbcClient jdbc, ZoneId serverZone, Clock clock) {
        this(jdbc, serverZone, clock, TABLE);
    }

    /** A projection into another table, for a replay: its queries are never asked. */
    BotTaskProjection(JdbcClient jdbc, ZoneId serverZone, String table) {
        this(jdbc, serverZone, Clock.system(serverZone), table);
    }

    private BotTaskProjection(JdbcClient jdbc, ZoneId serverZone, Clock clock, String table) {
        this.jdbc = jdbc;
        this.zone = serverZone;
        this.clock = clock;
        this.table = table;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @Timestamp Instant at) {
        LocalDateTime time = local(at);
        TaskTiming timing = event.timing() == null ? TaskTiming.NONE : event.timing();
        jdbc.sql("INSERT INTO " + table + " (id, task_name, task_description, task_params, assigned_to, priority, status,"
                        + " progress, created_time, retry_count, max_retry, created_by, deleted, update_time,"
                        + " timeout_seconds, auto_retry, not_before)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?, 0, ?, ?, ?, ?)")
                .params(event.taskId(), event.taskName(), event.taskDescription(), event.taskParams(),
                        event.assignedTo(), event.priority().name(), time, event.maxRetry(), event.createdBy(), time,
                        timing.timeoutSeconds(), timing.autoRetry() ? 1 : 0,
                        timing.notBefore() == null ? null : local(timing.notBefore()))
                .update();
    }

    @EventHandler
    void on(TaskStartedEvent event, @Timestamp Instant at) {
        LocalDateTime time = local(at);
        jdbc.sql("UPDATE " + table + " SET status = 'running', progress = 0, started_time = ?, update_time = ? WHERE id = ?")
                .params(time, time, event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskCompletedEvent event, @Timestamp Instant at) {
        LocalDateTime time = local(at);
        jdbc.sql("UPDATE " + table + " SET status = 'completed', progress = 100, result = ?, completed_time = ?,"
                        + " lease_expires_time = NULL, update_time = ? WHERE id = ?")
                .params(event.result(), time, time, event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskFailedEvent event, @Timestamp Instant at) {
        fail(event.taskId(), event.errorMessage(), at);
    }

    @EventHandler
    void on(TaskRetriedEvent event, @Timestamp Instant at) {
        jdbc.sql("UPDATE " + table + " SET status = 'pending', retry_count = ?, progress = 0, started_time = NULL,"
                        + " completed_time = NULL, next_retry_time = NULL, update_time = ? WHERE id = ?")
                .params(event.retryCount(), local(at), event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskCancelledEvent event, @Timestamp Instant at) {
        LocalDateTime time = local(at);
        jdbc.sql("UPDATE " + table + " SET status = 'cancelled', completed_time = ?, lease_expires_time = NULL,"
                        + " next_retry_time = NULL, update_time = ? WHERE id = ?")
                .params(time, time, event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskUpdatedEvent event, @Timestamp Instant at) {
        jdbc.sql("UPDATE " + table + " SET task_name = COALESCE(?, task_name),"
                        + " task_description = COALESCE(?, task_description), task_params = COALESCE(?, task_params),"
                        + " assigned_to = COALESCE(?, assigned_to), priority = COALESCE(?, priority),"
                        + " progress = COALESCE(?, progress), update_time = ? WHERE id = ?")
                .params(event.taskName(), event.taskDescription(), event.taskParams(), event.assignedTo(),
                        event.priority() == null ? null : event.priority().name(), event.progress(), local(at),
                        event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskDeletedEvent event, @Timestamp Instant at) {
        jdbc.sql("UPDATE " + table + " SET deleted = 1, update_time = ? WHERE id = ?")
                .params(local(at), event.taskId())
                .update();
    }

    @EventHandler
    void on(TaskLeaseTimerSetEvent event, @Timestamp Instant at) {
        leaseEndsAt(event.taskId(), event.leaseExpiresAt(), at);
    }

    @EventHandler
    void on(TaskLeaseExtendedEvent event, @Timestamp Instant at) {
        leaseEndsAt(event.taskId(), event.leaseExpiresAt(), at);
    }

    /** A lease set at start and a lease extended by a heartbeat leave the same row. */
    private void leaseEndsAt(long taskId, Instant leaseExpiresAt, Instant at) {
        jdbc.sql("UPDATE " + table + " SET lease_expires_time = ?, update_time = ? WHERE id = ?")
                .params(local(leaseExpiresAt), local(at), taskId)
                .update();
    }

    @EventHandler
    void on(TaskLeaseExpiredEvent event, @Timestamp Instant at) {
        fail(event.taskId(), event.errorMessage(), at);
    }

    /** A bot's failure and an expired lease leave the same row. */
    private void fail(long taskId, String errorMessage, Instant at) {
        LocalDateTime time = local(at);
        jdbc.sql("UPDATE " + table + " SET status = 'failed', error_message = ?, completed_time = ?,"
                        + " lease_expires_time = NULL, update_time = ? WHERE id = ?")
                .params(errorMessage, time, time, taskId)
                .update();
    }

    @EventHandler
    void on(TaskRetryScheduledEvent event, @Timestamp Instant at) {
        jdbc.sql("UPDATE " + table + " SET next_retry_time = ?, update_time = ? WHERE id = ?")
                .params(local(event.retryAt()), local(at), event.taskId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM " + table).update();
    }

    @QueryHandler
    Optional<TaskView> handle(FindTaskQuery query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bot_task WHERE id = ? AND deleted = 0")
                .param(query.taskId())
                .query(BotTaskProjection::toView)
                .optional();
    }

    @QueryHandler
    List<TaskView> handle(FindTasksQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM bot_task WHERE deleted = 0");
        List<Object> params = new ArrayList<>();
        if (query.assignedTo() != null) {
            sql.append(" AND assigned_to = ?");
            params.add(query.assignedTo());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            params.add(query.status().toString());
        }
        if (query.priority() != null) {
            sql.append(" AND priority = ?");
            params.add(query.priority().name());
        }
        if (query.exhausted() != null) {
            sql.append(query.exhausted() ? " AND retry_count >= max_retry" : " AND retry_count < max_retry");
        }
        sql.append(" ORDER BY created_time DESC, id DESC LIMIT ? OFFSET ?");
        params.add(query.limit());
        params.add(query.offset());
        return jdbc.sql(sql.toString()).params(params).query(BotTaskProjection::toView).list();
    }

    @QueryHandler
    List<TaskView> handle(FindPendingTasksQuery query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bot_task " + BY_QUEUE + " WHERE assigned_to = ? AND " + READY
                        + " ORDER BY priority, created_time, id LIMIT ?")
                .params(query.assignedTo(), LocalDateTime.now(clock), query.limit())
                .query(BotTaskProjection::toView)
                .list();
    }

    private LocalDateTime local(Instant instant) {
        return EventTime.local(instant, zone);
    }

    static TaskView toView(ResultSet rs, int row) throws SQLException {
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
