package org.opentask.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.opentask.api.Priority;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.app.task.TaskIdAllocator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each event's effect on {@code bot_task} and {@code bot_task_log}. The events are published, in order and with
 * timestamps of the test's choosing, to the application's own event store, which stores them and hands them to the
 * projections as it does a command's events; every time in the rows must be the event's time, never the clock's.
 */
class ProjectionTest extends ApiTest {

    /**
     * Microseconds on purpose: the event store keeps an event's time to the millisecond, so the rows must keep the
     * same and no more, or a rebuild from the stored events would give other rows than the live ones.
     */
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    TaskIdAllocator ids;

    @Autowired
    ZoneId serverZone;

    private final Map<Long, Long> sequences = new HashMap<>();

    /** Publishes {@code event} as the next event of task {@code taskId}, stamped {@code at}. */
    private void publish(long taskId, Object event, Instant at) {
        long sequence = sequences.merge(taskId, 1L, Long::sum) - 1;
        transactionManager.executeInTransaction(() -> eventStore.publish(new GenericDomainEventMessage<>("Task",
                Long.toString(taskId), sequence, event, MetaData.emptyInstance(), UUID.randomUUID().toString(), at)));
    }

    private Map<String, Object> task(long id) {
        return Tables.single(jdbc, "SELECT * FROM bot_task WHERE id = ?", id);
    }

    /** The task's newest audit row. */
    private Map<String, Object> lastLog(long id) {
        return Tables.rows(jdbc, "SELECT * FROM bot_task_log WHERE task_id = ? ORDER BY id DESC", id).get(0);
    }

    private long globalIndex(long id, long sequence) {
        return count("SELECT global_index FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND sequence_number = ?",
                Long.toString(id), sequence);
    }

    private LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), serverZone);
    }

    private void assertLog(long id, long sequence, String action, String message, TaskStatus from, TaskStatus to,
                           String operator, Instant at) {
        Map<String, Object> log = lastLog(id);
        assertThat(log.get("id")).as("id is the event's global index").isEqualTo(globalIndex(id, sequence));
        assertThat(log.get("task_id")).isEqualTo(id);
        assertThat(log.get("action")).isEqualTo(action);
        assertThat(log.get("message")).isEqualTo(message);
        assertThat(log.get("old_status")).isEqualTo(from == null ? null : from.toString());
        assertThat(log.get("new_status")).isEqualTo(to.toString());
        assertThat(log.get("operator")).isEqualTo(operator);
        assertThat(log.get("created_time")).isEqualTo(local(at));
        assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(sequence + 1);
    }

    @Test
    void a_task_from_creation_through_failure_and_retry_to_completion() {
        long id = ids.nextId();
        String bot = bot("proj");

        Instant t = T0;
        publish(id, new TaskCreatedEvent(id, "weekly report", "all the numbers", "{\"week\":9}", bot, Priority.P1, 2,
                "hope", "ops-alice", TaskTiming.NONE), t);
        Map<String, Object> row = task(id);
        assertThat(row).containsEntry("id", id).containsEntry("task_name", "weekly report")
                .containsEntry("task_description", "all the numbers").containsEntry("task_params", "{\"week\":9}")
                .containsEntry("assigned_to", bot).containsEntry("priority", "P1").containsEntry("status", "pending")
                .containsEntry("progress", 0L).containsEntry("created_time", local(t))
                .containsEntry("started_time", null).containsEntry("completed_time", null)
                .containsEntry("result", null).containsEntry("error_message", null)
                .containsEntry("retry_count", 0L).containsEntry("max_retry", 2L).containsEntry("created_by", "hope")
                .containsEntry("deleted", 0L).containsEntry("update_time", local(t));
        assertLog(id, 0, "create", "created for " + bot + " (P1): weekly report", null, TaskStatus.PENDING,
                "ops-alice", t);

        Instant created = t;
        t = t.plusSeconds(60);
        publish(id, new TaskUpdatedEvent(id, "monthly report", null, null, null, Priority.P0, 30, TaskStatus.PENDING,
                "ops-bob"), t);
        row = task(id);
        assertThat(row).containsEntry("task_name", "monthly report")
                .containsEntry("task_description", "all the numbers")
                .containsEntry("task_params", "{\"week\":9}").containsEntry("assigned_to", bot)
                .containsEntry("priority", "P0").containsEntry("progress", 30L).containsEntry("status", "pending")
                .containsEntry("created_time", local(created)).containsEntry("update_time", local(t));
        assertLog(id, 1, "update", "updated task_name, priority=P0, progress=30", TaskStatus.PENDING,
                TaskStatus.PENDING, "ops-bob", t);

        t = t.plusSeconds(60);
        Instant firstStart = t;
        publish(id, new TaskStartedEvent(id, bot, bot, null), t);
        row = task(id);
        assertThat(row).containsEntry("status", "running").containsEntry("progress", 0L)
                .containsEntry("started_time", local(t)).containsEntry("completed_time", null)
                .containsEntry("update_time", local(t));
        assertLog(id, 2, "start", "started by " + bot, TaskStatus.PENDING, TaskStatus.RUNNING, bot, t);

        t = t.plusSeconds(60);
        publish(id, new TaskFailedEvent(id, "timeout after 60 s", bot), t);
        row = task(id);
        assertThat(row).containsEntry("status", "failed").containsEntry("error_message", "timeout after 60 s")
                .containsEntry("started_time", local(firstStart)).containsEntry("completed_time", local(t))
                .containsEntry("update_time", local(t));
        assertLog(id, 3, "fail", "failed: timeout after 60 s", TaskStatus.RUNNING, TaskStatus.FAILED, bot, t);

        t = t.plusSeconds(60);
        publish(id, new TaskRetriedEvent(id, 1, 2, "hope"), t);
        row = task(id);
        assertThat(row).containsEntry("status", "pending").containsEntry("retry_count", 1L)
                .containsEntry("progress", 0L).containsEntry("started_time", null)
                .containsEntry("completed_time", null).containsEntry("update_time", local(t));
        assertLog(id, 4, "retry", "retry 1 of 2", TaskStatus.FAILED, TaskStatus.PENDING, "hope", t);

        t = t.plusSeconds(60);
        publish(id, new TaskStartedEvent(id, bot, bot, null), t);
        assertThat(task(id)).containsEntry("status", "running").containsEntry("started_time", local(t));

        t = t.plusSeconds(60);
        publish(id, new TaskCompletedEvent(id, "done", bot), t);
        row = task(id);
        assertThat(row).containsEntry("status", "completed").containsEntry("progress", 100L)
                .containsEntry("result", "done").containsEntry("completed_time", local(t))
                .containsEntry("update_time", local(t)).containsEntry("retry_count", 1L)
                .containsEntry("created_time", local(created));
        assertLog(id, 6, "complete", "completed: done", TaskStatus.RUNNING, TaskStatus.COMPLETED, bot, t);

        t = t.plusSeconds(60);
        publish(id, new TaskDeletedEvent(id, TaskStatus.COMPLETED, "ops-alice"), t);
        row = task(id);
        assertThat(row).containsEntry("deleted", 1L).containsEntry("status", "completed")
                .containsEntry("update_time", local(t)).containsEntry("completed_time", local(t.minusSeconds(60)));
        assertLog(id, 7, "delete", "deleted", TaskStatus.COMPLETED, TaskStatus.COMPLETED, "ops-alice", t);
    }

    @Test
    void a_pending_task_is_cancelled() {
        long id = ids.nextId();
        String bot = bot("proj");
        publish(id, new TaskCreatedEvent(id, "n", null, null, bot, Priority.P2, 3, "hope", "hope", TaskTiming.NONE), T0);
        Instant at = T0.plusMillis(1500);
        publish(id, new TaskCancelledEvent(id, TaskStatus.PENDING, "ops"), at);

        assertThat(task(id)).containsEntry("status", "cancelled").containsEntry("completed_time", local(at))
                .containsEntry("started_time", null).containsEntry("update_time", local(at));
        assertLog(id, 1, "cancel", "cancelled while pending", TaskStatus.PENDING, TaskStatus.CANCELLED, "ops", at);
    }

    @Test
    void a_running_task_is_cancelled_and_keeps_its_start() {
        long id = ids.nextId();
        String bot = bot("proj");
        publish(id, new TaskCreatedEvent(id, "n", null, null, bot, Priority.P2, 3, "hope", "hope", TaskTiming.NONE), T0);
        publish(id, new TaskStartedEvent(id, bot, bot, null), T0.plusSeconds(1));
        Instant at = T0.plusSeconds(2);
        publish(id, new TaskCancelledEvent(id, TaskStatus.RUNNING, "hope"), at);

        assertThat(task(id)).containsEntry("status", "cancelled").containsEntry("completed_time", local(at))
                .containsEntry("started_time", local(T0.plusSeconds(1)));
        assertLog(id, 2, "cancel", "cancelled while running", TaskStatus.RUNNING, TaskStatus.CANCELLED, "hope", at);
    }

    @Test
    void a_long_result_is_kept_whole_in_the_task_and_abbreviated_in_the_audit_row() {
        long id = ids.nextId();
        String bot = bot("proj");
        String result = "r".repeat(3000);
        publish(id, new TaskCreatedEvent(id, "n", null, null, bot, Priority.P2, 3, "hope", "hope", TaskTiming.NONE), T0);
        publish(id, new TaskStartedEvent(id, bot, bot, null), T0.plusSeconds(1));
        publish(id, new TaskCompletedEvent(id, result, bot), T0.plusSeconds(2));

        assertThat(task(id)).containsEntry("result", result);
        String message = (String) lastLog(id).get("message");
        assertThat(message).hasSize(500).startsWith("completed: rrr").endsWith("\u2026");
    }

    @Test
    void completion_and_failure_without_a_text_are_logged_plainly() {
        long id = ids.nextId();
        String bot = bot("proj");
        publish(id, new TaskCreatedEvent(id, "n", null, null, bot, Priority.P0, 3, "hope", "hope", TaskTiming.NONE), T0);
        publish(id, new TaskStartedEvent(id, bot, bot, null), T0.plusSeconds(1));
        publish(id, new TaskFailedEvent(id, null, bot), T0.plusSeconds(2));
        assertThat(lastLog(id)).containsEntry("message", "failed");
        assertThat(task(id)).containsEntry("error_message", null);
        publish(id, new TaskRetriedEvent(id, 1, 3, "hope"), T0.plusSeconds(3));
        publish(id, new TaskStartedEvent(id, bot, bot, null), T0.plusSeconds(4));
        publish(id, new TaskCompletedEvent(id, null, bot), T0.plusSeconds(5));
        assertThat(lastLog(id)).containsEntry("message", "completed");
        assertThat(task(id)).containsEntry("result", null).containsEntry("status", "completed");
    }

    @Test
    void an_update_of_description_params_and_assignee_names_them_in_the_audit_row() {
        long id = ids.nextId();
        String bot = bot("proj");
        publish(id, new TaskCreatedEvent(id, "n", "d", "p", bot, Priority.P2, 3, "hope", "hope", TaskTiming.NONE), T0);
        publish(id, new TaskUpdatedEvent(id, null, "d2", "{\"x\":1}", "cc", null, null, TaskStatus.PENDING, "ops"),
                T0.plusSeconds(1));

        assertThat(task(id)).containsEntry("task_name", "n").containsEntry("task_description", "d2")
                .containsEntry("task_params", "{\"x\":1}").containsEntry("assigned_to", "cc")
                .containsEntry("priority", "P2").containsEntry("progress", 0L);
        assertLog(id, 1, "update", "updated task_description, task_params, assigned_to=cc", TaskStatus.PENDING,
                TaskStatus.PENDING, "ops", T0.plusSeconds(1));
    }
}
