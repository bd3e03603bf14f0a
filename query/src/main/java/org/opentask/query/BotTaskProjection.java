package org.opentask.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskImportedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.springframework.stereotype.Component;

/**
 * The {@code bot_task} read model: one row per task, as bots and operators read it ({@link BotTaskQueries}). Each
 * event becomes one statement of {@link BotTaskTable}. Every time written comes from the event's timestamp, so a
 * rebuild from the events gives the same rows.
 *
 * @param table {@code bot_task}, or a copy of it that a replay or a task's past builds
 */
@Component
@ProcessingGroup(ProcessingGroups.BOT_TASK)
record BotTaskProjection(BotTaskTable table, ZoneId zone) {

    @EventHandler
    void on(TaskCreatedEvent event, @Timestamp Instant at) {
        TaskTiming timing = event.timing() == null ? TaskTiming.NONE : event.timing();
        table.created(event, timing, local(at), timing.notBefore() == null ? null : local(timing.notBefore()));
    }

    @EventHandler
    void on(TaskImportedEvent event, @Timestamp Instant at) {
        table.imported(event.task(), zone, local(at));
    }

    @EventHandler
    void on(TaskStartedEvent event, @Timestamp Instant at) {
        table.started(event.taskId(), local(at),
                event.leaseExpiresAt() == null ? null : local(event.leaseExpiresAt()));
    }

    @EventHandler
    void on(TaskCompletedEvent event, @Timestamp Instant at) {
        table.completed(event.taskId(), event.result(), local(at));
    }

    @EventHandler
    void on(TaskFailedEvent event, @Timestamp Instant at) {
        table.failed(event.taskId(), event.errorMessage(), local(at));
    }

    @EventHandler
    void on(TaskRetriedEvent event, @Timestamp Instant at) {
        table.retried(event.taskId(), event.retryCount(), local(at));
    }

    @EventHandler
    void on(TaskCancelledEvent event, @Timestamp Instant at) {
        table.cancelled(event.taskId(), local(at));
    }

    @EventHandler
    void on(TaskUpdatedEvent event, @Timestamp Instant at) {
        table.updated(event, local(at));
    }

    @EventHandler
    void on(TaskDeletedEvent event, @Timestamp Instant at) {
        table.deleted(event.taskId(), local(at));
    }

    /** A lease set after a start (in older histories) and a lease extended by a heartbeat leave the same row. */
    @EventHandler
    void on(TaskLeaseTimerSetEvent event, @Timestamp Instant at) {
        table.leaseEndsAt(event.taskId(), local(event.leaseExpiresAt()), local(at));
    }

    @EventHandler
    void on(TaskLeaseExtendedEvent event, @Timestamp Instant at) {
        table.leaseEndsAt(event.taskId(), local(event.leaseExpiresAt()), local(at));
    }

    /** The engine failed a task whose lease ran out: the same row as a bot's failure. */
    @EventHandler
    void on(TaskLeaseExpiredEvent event, @Timestamp Instant at) {
        table.failed(event.taskId(), event.errorMessage(), local(at));
    }

    @EventHandler
    void on(TaskRetryScheduledEvent event, @Timestamp Instant at) {
        table.retryScheduled(event.taskId(), local(event.retryAt()), local(at));
    }

    @ResetHandler
    void reset() {
        table.clear();
    }

    private LocalDateTime local(Instant instant) {
        return EventTime.local(instant, zone);
    }
}
