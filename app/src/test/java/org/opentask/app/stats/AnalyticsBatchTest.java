package org.opentask.app.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.app.ApiTest;
import org.opentask.app.StoredTaskEvents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The analytics projection writes per batch of events. A batch handled a second time (its processor's claim moved
 * to another instance before the first handling was known to be committed, say) must leave the same rows: here
 * the projection bean gets the same batches twice, each in a transaction, as its tracking processor hands them.
 */
class AnalyticsBatchTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    TransactionManager transactionManager;

    @Test
    void a_batch_handled_twice_leaves_the_same_rows() throws Exception {
        AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(
                context.getBean(Class.forName("org.opentask.query.TaskAnalyticsProjection")));
        String bot = bot("twice");
        long id = 9_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        Instant created = Instant.parse("2026-03-09T09:00:00Z");
        List<EventMessage<?>> first = List.of(
                event(id, 0, StoredTaskEvents.createdEvent(id, "twice", bot), created),
                event(id, 1, new TaskStartedEvent(id, bot, bot, null), created.plusSeconds(5)));
        List<EventMessage<?>> second = List.of(
                event(id, 2, new TaskCompletedEvent(id, "done", bot), created.plusSeconds(35)));

        handle(projection, first);
        handle(projection, first);
        assertThat(eventRows(id)).containsExactly(Map.entry("created", -1L), Map.entry("started", 5_000L));
        assertThat(count("SELECT COUNT(*) FROM task_analytics_task WHERE task_id = ? AND running_since_ms = ?", id,
                created.plusSeconds(5).toEpochMilli())).isEqualTo(1);

        handle(projection, second);
        handle(projection, second);
        assertThat(eventRows(id)).containsExactly(Map.entry("created", -1L), Map.entry("started", 5_000L),
                Map.entry("completed", 30_000L));
        assertThat(count("SELECT COUNT(*) FROM task_analytics_task WHERE task_id = ?", id)).isZero();
    }

    @Test
    void tasks_changed_and_ended_in_later_batches_have_their_rows_rewritten_or_removed() throws Exception {
        AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(
                context.getBean(Class.forName("org.opentask.query.TaskAnalyticsProjection")));
        String bot = bot("later");
        long base = 9_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        Instant created = Instant.parse("2026-03-10T09:00:00Z");
        List<EventMessage<?>> creates = new ArrayList<>();
        List<EventMessage<?>> starts = new ArrayList<>();
        List<EventMessage<?>> completes = new ArrayList<>();
        for (long id = base; id < base + 5; id++) {
            creates.add(event(id, 0, StoredTaskEvents.createdEvent(id, "later", bot), created));
            starts.add(event(id, 1, new TaskStartedEvent(id, bot, bot, null), created.plusSeconds(id - base + 1)));
            completes.add(event(id, 2, new TaskCompletedEvent(id, "done", bot), created.plusSeconds(60)));
        }
        handle(projection, creates);
        assertThat(count("SELECT COUNT(*) FROM task_analytics_task WHERE task_id BETWEEN ? AND ?"
                + " AND running_since_ms IS NULL AND pending_since_ms = ?", base, base + 4,
                created.toEpochMilli())).isEqualTo(5);

        // two of the five start: their rows change, the other three stay as they were
        handle(projection, starts.subList(0, 2));
        for (long id = base; id < base + 5; id++) {
            Long running = id < base + 2 ? created.plusSeconds(id - base + 1).toEpochMilli() : null;
            assertThat(jdbc.sql("SELECT running_since_ms FROM task_analytics_task WHERE task_id = ?").param(id)
                    .query(Long.class).optional().orElse(null)).as("task %d", id).isEqualTo(running);
        }

        // the two end, the three start: two rows removed, three rewritten, in one batch
        List<EventMessage<?>> mixed = new ArrayList<>(completes.subList(0, 2));
        mixed.addAll(starts.subList(2, 5));
        handle(projection, mixed);
        assertThat(count("SELECT COUNT(*) FROM task_analytics_task WHERE task_id BETWEEN ? AND ?", base, base + 1))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM task_analytics_task WHERE task_id BETWEEN ? AND ?"
                + " AND running_since_ms IS NOT NULL", base + 2, base + 4)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM task_analytics_event WHERE task_id BETWEEN ? AND ?", base,
                base + 4)).isEqualTo(5 + 5 + 2);
    }

    private void handle(AnnotationEventHandlerAdapter projection, List<EventMessage<?>> events) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.attachTransaction(transactionManager);
        ResultMessage<?> result = batch.executeWithResult(() -> projection.handle(batch.getMessage()));
        if (result.isExceptional()) {
            throw new AssertionError("the batch failed", result.exceptionResult());
        }
    }

    /** kind to the duration the row carries (wait or run time), -1 for none, in sequence order */
    private List<Map.Entry<String, Long>> eventRows(long id) {
        return jdbc.sql("SELECT kind, COALESCE(wait_ms, run_ms, -1) FROM task_analytics_event WHERE task_id = ?"
                        + " ORDER BY sequence_number")
                .param(id)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list();
    }

    private static EventMessage<?> event(long id, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("Task", Long.toString(id), sequence, payload,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), at);
    }
}
