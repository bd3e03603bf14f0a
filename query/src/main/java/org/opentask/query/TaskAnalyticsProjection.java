package org.opentask.query;

import java.sql.Date;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What happened to tasks, per day and bot: {@code task_analytics_event} holds one row per counted event with the
 * queue wait or run time it closed, {@code task_analytics_task} what a live task needs for the next measurement.
 * An event counts on its own day (its timestamp in the server's time zone) for the bot the task belonged to then.
 * Rows are only inserted, never counted up, so no command waits on a shared counter row, and each p95 is exact.
 * The processor hands the events over in batches; each batch is written at its commit (see {@link #batch()}).
 */
@Component
@ProcessingGroup(ProcessingGroups.TASK_ANALYTICS)
record TaskAnalyticsProjection(JdbcClient jdbc, JdbcTemplate template, ZoneId zone, String eventTable,
                               String taskTable) {

    private static final Logger log = LoggerFactory.getLogger(TaskAnalyticsProjection.class);

    static final String EVENT_TABLE = "task_analytics_event";
    static final String TASK_TABLE = "task_analytics_task";

    /** Writing the live tables; a replay writes its own ({@link ReplayTarget}). */
    @Autowired
    TaskAnalyticsProjection(JdbcClient jdbc, JdbcTemplate template, ZoneId serverZone) {
        this(jdbc, template, serverZone, EVENT_TABLE, TASK_TABLE);
    }

    private record LiveTask(String assignedTo, Long pendingSinceMs, Long runningSinceMs) {

        LiveTask assignedTo(String bot) {
            return new LiveTask(bot, pendingSinceMs, runningSinceMs);
        }
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Batch batch = batch();
        batch.live.put(event.taskId(), Optional.of(new LiveTask(event.assignedTo(), at.toEpochMilli(), null)));
        batch.record(event.taskId(), sequence, at, event.assignedTo(), "created", null, null);
    }

    @EventHandler
    void on(TaskStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Batch batch = batch();
        Long waitMs = batch.live(event.taskId()).map(LiveTask::pendingSinceMs).map(since -> since(since, at))
                .orElse(null);
        batch.live.put(event.taskId(), Optional.of(new LiveTask(event.assignedTo(), null, at.toEpochMilli())));
        batch.record(event.taskId(), sequence, at, event.assignedTo(), "started", waitMs, null);
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
            Batch batch = batch();
            batch.live(event.taskId()).ifPresent(task ->
                    batch.record(event.taskId(), sequence, at, task.assignedTo(), "cancelled", null, null));
            batch.live.put(event.taskId(), Optional.empty());
        }
    }

    @EventHandler
    void on(TaskRetriedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Batch batch = batch();
        batch.live(event.taskId()).ifPresent(task -> {
            batch.live.put(event.taskId(), Optional.of(new LiveTask(task.assignedTo(), at.toEpochMilli(), null)));
            batch.record(event.taskId(), sequence, at, task.assignedTo(), "retried", null, null);
        });
    }

    /** A task handed to another bot counts for that bot from then on. */
    @EventHandler
    void on(TaskUpdatedEvent event) {
        if (event.assignedTo() != null) {
            Batch batch = batch();
            batch.live(event.taskId()).ifPresent(task ->
                    batch.live.put(event.taskId(), Optional.of(task.assignedTo(event.assignedTo()))));
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM " + eventTable).update();
        jdbc.sql("DELETE FROM " + taskTable).update();
    }

    /** Ends the task's run with {@code kind}; a finished task ({@code terminal}) needs no more measuring. */
    private void endRun(long taskId, long sequence, Instant at, String kind, boolean terminal) {
        Batch batch = batch();
        Optional<LiveTask> task = batch.live(taskId);
        if (task.isEmpty()) {
            log.warn("Task {} has no analytics row (events before the projection existed?): {} not counted",
                    taskId, kind);
            return;
        }
        Long runMs = task.get().runningSinceMs() == null ? null : since(task.get().runningSinceMs(), at);
        batch.record(taskId, sequence, at, task.get().assignedTo(), kind, null, runMs);
        batch.live.put(taskId, terminal ? Optional.empty()
                : Optional.of(new LiveTask(task.get().assignedTo(), task.get().pendingSinceMs(), null)));
    }

    /**
     * The writes of the events being handled together: the tracking processor hands this projection up to a batch
     * of events in one transaction, and the batch is written with a few batched statements when it commits,
     * instead of three statements per event. Tasks the batch touches are read once, together; a task created and
     * finished within one batch never reaches {@code task_analytics_task}. A batch handled twice leaves the same
     * rows ({@link Batch#write()}).
     */
    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("analytics events are handled in a unit of work");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(Batch.class.getName(), key -> {
            Batch batch = new Batch(unitOfWork);
            unitOfWork.onPrepareCommit(u -> batch.write());
            return batch;
        });
    }

    private final class Batch {

        private final UnitOfWork<?> unitOfWork;
        /** Each task the batch has looked at, as it stands now; empty: no longer measured. */
        final Map<Long, Optional<LiveTask>> live = new LinkedHashMap<>();
        /** The rows of task_analytics_task the batch read, as they were. */
        private final Map<Long, LiveTask> stored = new HashMap<>();
        private final List<Object[]> rows = new ArrayList<>();
        private boolean loaded;

        Batch(UnitOfWork<?> unitOfWork) {
            this.unitOfWork = unitOfWork;
        }

        Optional<LiveTask> live(long taskId) {
            Optional<LiveTask> task = live.get(taskId);
            if (task == null) {
                load(taskId);
                task = live.computeIfAbsent(taskId, id -> Optional.empty());
            }
            return task;
        }

        /** Reads every task of the batch not seen yet in one query, rather than one query per event. */
        private void load(long taskId) {
            Set<Long> wanted = new TreeSet<>();
            wanted.add(taskId);
            if (!loaded && unitOfWork instanceof BatchingUnitOfWork<?> batching) {
                for (Object message : batching.getMessages()) {
                    if (message instanceof DomainEventMessage<?> event) {
                        parse(event.getAggregateIdentifier()).ifPresent(wanted::add);
                    }
                }
                loaded = true;
            }
            wanted.removeAll(live.keySet());
            List<Long> ids = new ArrayList<>(wanted);
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                jdbc.sql("SELECT task_id, assigned_to, pending_since_ms, running_since_ms FROM " + taskTable
                                + " WHERE task_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                                + ")")
                        .params(new ArrayList<Object>(chunk))
                        .query(rs -> {
                            LiveTask task = new LiveTask(rs.getString(2), rs.getObject(3, Long.class),
                                    rs.getObject(4, Long.class));
                            live.put(rs.getLong(1), Optional.of(task));
                            stored.put(rs.getLong(1), task);
                        });
            }
        }

        void record(long taskId, long sequence, Instant at, String assignedTo, String kind, Long waitMs,
                    Long runMs) {
            rows.add(new Object[] {taskId, sequence, Date.valueOf(LocalDate.ofInstant(at, zone)), assignedTo, kind,
                    waitMs, runMs});
        }

        /**
         * Writes the batch: new event rows, and each touched task's row as it now stands (inserted, updated or
         * deleted, going by whether the batch found it stored). A batch handled a second time finds its rows there
         * already (a duplicate key); then both tables are written by key, deleting before inserting.
         */
        void write() {
            try {
                insertEvents();
                writeTasks();
            } catch (DuplicateKeyException e) {
                log.info("An analytics batch of {} events was handled before; writing its rows again by key",
                        rows.size());
                if (!rows.isEmpty()) {
                    template.batchUpdate("DELETE FROM " + eventTable + " WHERE task_id = ? AND sequence_number = ?",
                            rows.stream().map(row -> new Object[] {row[0], row[1]}).toList());
                }
                insertEvents();
                deleteTasks(new ArrayList<>(live.keySet()));
                insertTasks(live.keySet());
            }
        }

        private void insertEvents() {
            if (!rows.isEmpty()) {
                MultiRowInsert.insert(template, eventTable,
                        "task_id, sequence_number, stat_date, assigned_to, kind, wait_ms, run_ms",
                        new int[] {Types.BIGINT, Types.BIGINT, Types.DATE, Types.VARCHAR, Types.VARCHAR,
                                Types.BIGINT, Types.BIGINT}, rows);
            }
        }

        /**
         * Every touched task's row in two statements at most, however many tasks the batch touched: one
         * {@code DELETE} of the rows that ended or changed, one multi-row {@code INSERT} of the rows that began or
         * changed. Row by row, a batch cost a statement per finished task and one per started task.
         */
        private void writeTasks() {
            List<Long> gone = new ArrayList<>();
            Set<Long> inserts = new TreeSet<>();
            live.forEach((id, task) -> {
                LiveTask before = stored.get(id);
                if (before != null && !task.equals(Optional.of(before))) {
                    gone.add(id);
                }
                if (task.isPresent() && !task.get().equals(before)) {
                    inserts.add(id);
                }
            });
            deleteTasks(gone);
            insertTasks(inserts);
        }

        private void deleteTasks(List<Long> ids) {
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                jdbc.sql("DELETE FROM " + taskTable + " WHERE task_id IN ("
                                + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")
                        .params(new ArrayList<Object>(chunk))
                        .update();
            }
        }

        private void insertTasks(Set<Long> ids) {
            List<Object[]> tasks = new ArrayList<>();
            for (Long id : ids) {
                live.get(id).ifPresent(t -> tasks.add(new Object[] {id, t.assignedTo(), t.pendingSinceMs(),
                        t.runningSinceMs()}));
            }
            if (!tasks.isEmpty()) {
                MultiRowInsert.insert(template, taskTable,
                        "task_id, assigned_to, pending_since_ms, running_since_ms",
                        new int[] {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.BIGINT}, tasks);
            }
        }
    }

    private static Optional<Long> parse(String aggregateIdentifier) {
        try {
            return Optional.of(Long.parseLong(aggregateIdentifier));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Events of several instances carry their own clocks: a small skew must not make a negative duration. */
    private static long since(long startMs, Instant end) {
        return Math.max(0, end.toEpochMilli() - startMs);
    }
}
