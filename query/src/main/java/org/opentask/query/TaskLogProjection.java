package org.opentask.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.StringJoiner;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.FindTaskLogQuery;
import org.opentask.api.ImportedLogEntry;
import org.opentask.api.ImportedTask;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskImportedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLogEntry;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskUpdatedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail {@code bot_task_log}: one row per event. A row's id is its event's global index in the event
 * store, so rows sort in the order the events were stored and a rebuild gives every row its old id back.
 */
@Component
@ProcessingGroup(ProcessingGroups.BOT_TASK_LOG)
class TaskLogProjection {

    static final int MAX_MESSAGE_LENGTH = 500;

    static final String TABLE = "bot_task_log";

    /** 2^52: the ids of imported rows lie below 0, and within the 2^53 a JSON number carries exactly. */
    static final long IMPORTED_ROW_OFFSET = 1L << 52;

    private final JdbcClient jdbc;
    private final ZoneId zone;
    /** The table the event handlers write: {@code bot_task_log}, or a copy of it that a replay builds. */
    private final String table;

    @Autowired
    TaskLogProjection(JdbcClient jdbc, ZoneId serverZone) {
        this(jdbc, serverZone, TABLE);
    }

    TaskLogProjection(JdbcClient jdbc, ZoneId serverZone, String table) {
        this.jdbc = jdbc;
        this.zone = serverZone;
        this.table = table;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "create",
                "created for " + event.assignedTo() + " (" + event.priority() + "): " + event.taskName(),
                null, TaskStatus.PENDING, event.operator(), at);
    }

    /**
     * The original's own audit rows, as they were, then a row of the import itself. An original row's id is its id
     * there less {@link #IMPORTED_ROW_OFFSET}: below every id of this engine's rows, so the old rows come before the
     * new ones and keep their own order, and exact as a JSON number.
     */
    @EventHandler
    void on(TaskImportedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            EventMessage<?> message) {
        ImportedTask task = event.task();
        for (ImportedLogEntry row : task.history()) {
            insert(row.originalId() - IMPORTED_ROW_OFFSET, event.taskId(), row.action(), row.message(),
                    row.oldStatus(), row.newStatus(), row.operator(), row.at());
        }
        write(message, event.taskId(), sequence, "import", "imported " + task.status()
                        + (task.deleted() ? " (deleted)" : "") + " from " + event.source(),
                null, task.status(), event.operator(), at);
    }

    @EventHandler
    void on(TaskStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "start", "started by " + event.operator(),
                TaskStatus.PENDING, TaskStatus.RUNNING, event.operator(), at);
    }

    @EventHandler
    void on(TaskCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "complete", withDetail("completed", event.result()),
                TaskStatus.RUNNING, TaskStatus.COMPLETED, event.operator(), at);
    }

    @EventHandler
    void on(TaskFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "fail", withDetail("failed", event.errorMessage()),
                TaskStatus.RUNNING, TaskStatus.FAILED, event.operator(), at);
    }

    /** The engine failed a task whose lease ran out. Heartbeats and lease extensions write no rows of their own. */
    @EventHandler
    void on(TaskLeaseExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            EventMessage<?> message) {
        write(message, event.taskId(), sequence, "expire", event.errorMessage(),
                TaskStatus.RUNNING, TaskStatus.FAILED, event.operator(), at);
    }

    @EventHandler
    void on(TaskRetriedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "retry", "retry " + event.retryCount() + " of " + event.maxRetry(),
                TaskStatus.FAILED, TaskStatus.PENDING, event.operator(), at);
    }

    @EventHandler
    void on(TaskCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "cancel",
                withDetail("cancelled while " + event.previousStatus(), event.reason()),
                event.previousStatus(), TaskStatus.CANCELLED, event.operator(), at);
    }

    @EventHandler
    void on(TaskUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        StringJoiner changes = new StringJoiner(", ", "updated ", "");
        if (event.taskName() != null) changes.add("task_name");
        if (event.taskDescription() != null) changes.add("task_description");
        if (event.taskParams() != null) changes.add("task_params");
        if (event.assignedTo() != null) changes.add("assigned_to=" + event.assignedTo());
        if (event.priority() != null) changes.add("priority=" + event.priority());
        if (event.progress() != null) changes.add("progress=" + event.progress());
        write(message, event.taskId(), sequence, "update", changes.toString(),
                event.status(), event.status(), event.operator(), at);
    }

    @EventHandler
    void on(TaskDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                    EventMessage<?> message) {
        write(message, event.taskId(), sequence, "delete", "deleted", event.status(), event.status(),
                event.operator(), at);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM " + table).update();
    }

    @QueryHandler
    List<TaskLogEntry> handle(FindTaskLogQuery query) {
        return jdbc.sql("SELECT id, task_id, action, message, old_status, new_status, operator, created_time"
                        + " FROM bot_task_log WHERE task_id = ? ORDER BY id DESC")
                .param(query.taskId())
                .query((rs, row) -> new TaskLogEntry(rs.getLong("id"), rs.getLong("task_id"),
                        rs.getString("action"), rs.getString("message"),
                        TaskStatus.fromWireName(rs.getString("old_status")),
                        TaskStatus.fromWireName(rs.getString("new_status")),
                        rs.getString("operator"), rs.getObject("created_time", LocalDateTime.class)))
                .list();
    }

    /**
     * The event's position in the event store. A replay reads events from the store with their position in the
     * tracking token; the subscribing processor hands over the event as it is appended, with the index the
     * database gave it on append ({@link AppendedIndexes}); failing both, the row is looked up.
     */
    private long globalIndex(EventMessage<?> event, long taskId, long sequence) {
        if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                && tracked.trackingToken().position().isPresent()) {
            return tracked.trackingToken().position().getAsLong();
        }
        Long appended = AppendedIndexes.of(event);
        if (appended != null) {
            return appended;
        }
        return jdbc.sql("SELECT global_index FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(Long.toString(taskId), sequence)
                .query(Long.class)
                .single();
    }

    /**
     * Results and errors can be long; the audit row keeps their start, the task row keeps them whole. The cut never
     * splits a surrogate pair (an emoji): half of one is no character, and the database would store {@code ?}.
     */
    static String abbreviate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        int end = MAX_MESSAGE_LENGTH - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "\u2026";
    }

    /** A row's message: what happened, and the caller's own words about it after a colon when it gave any. */
    private static String withDetail(String what, String detail) {
        return detail == null ? what : what + ": " + detail;
    }

    private void write(EventMessage<?> event, long taskId, long sequence, String action, String message,
                       TaskStatus oldStatus, TaskStatus newStatus, String operator, Instant at) {
        insert(globalIndex(event, taskId, sequence), taskId, action, abbreviate(message),
                oldStatus == null ? null : oldStatus.toString(), newStatus.toString(), operator, at);
    }

    private void insert(long id, long taskId, String action, String message, String oldStatus, String newStatus,
                        String operator, Instant at) {
        jdbc.sql("INSERT INTO " + table + " (id, task_id, action, message, old_status, new_status, operator,"
                        + " created_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, taskId, action, message, oldStatus, newStatus, operator, EventTime.local(at, zone))
                .update();
    }
}
