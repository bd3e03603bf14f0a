package org.opentask.app.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills the event store fast with task lives of every kind, as the Task aggregate would have decided them: events
 * are published through the real event store in batches, so they are stored in the service's exact format and the
 * live projections write {@code bot_task} and {@code bot_task_log} from them as they do for commands.
 */
final class EventSeeder {

    private static final int EVENTS_PER_TRANSACTION = 2_000;

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcClient jdbc;
    private final Random random = new Random(42);

    EventSeeder(EventStore eventStore, TransactionManager transactionManager, JdbcClient jdbc) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
    }

    /** Stores at least {@code events} events of new tasks for bots named {@code botPrefix-0..4}, over 10 days. */
    long seed(int events, String botPrefix, Instant from) {
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        long stored = 0;
        long tasks = 0;
        long firstId = reserveIds(events);
        Duration step = Duration.ofDays(10).dividedBy(Math.max(events / 3, 1));
        while (stored < events) {
            long id = firstId + tasks;
            Instant at = from.plus(step.multipliedBy(tasks));
            List<Object> life = life(id, botPrefix + "-" + (tasks % 5));
            for (int seq = 0; seq < life.size(); seq++) {
                batch.add(new GenericDomainEventMessage<>("Task", Long.toString(id), seq, life.get(seq),
                        MetaData.emptyInstance(), UUID.randomUUID().toString(), at.plusSeconds(seq * 37L)));
            }
            stored += life.size();
            tasks++;
            if (batch.size() >= EVENTS_PER_TRANSACTION || stored >= events) {
                publish(batch);
                batch = new ArrayList<>();
            }
        }
        return tasks;
    }

    /**
     * Stores at least {@code events} events as raw rows, in the service's exact format (the event serializer's
     * bytes, Axon's time stamps, the revision each event class declares), with multi-row inserts: fast, and
     * the read models know nothing of them until a replay. For benchmarks of the replay.
     */
    long seedRaw(int events, String botPrefix, Instant from, Serializer serializer) {
        byte[] metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class).getData();
        int rowsPerInsert = 500;
        String insert = "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number,"
                + " type, time_stamp, payload_type, payload_revision, payload, meta_data) VALUES "
                + String.join(", ", java.util.Collections.nCopies(rowsPerInsert, "(?, ?, ?, 'Task', ?, ?, ?, ?, ?)"));
        long stored = 0;
        long tasks = 0;
        long firstId = reserveIds(events);
        Duration step = Duration.ofDays(10).dividedBy(Math.max(events / 3, 1));
        List<Object> row = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        while (stored < events) {
            long id = firstId + tasks;
            Instant at = from.plus(step.multipliedBy(tasks));
            List<Object> life = life(id, botPrefix + "-" + (tasks % 5));
            for (int seq = 0; seq < life.size(); seq++) {
                Object payload = life.get(seq);
                var serialized = serializer.serialize(payload, byte[].class);
                row.clear();
                row.add(UUID.randomUUID().toString());
                row.add(Long.toString(id));
                row.add(seq);
                row.add(DateTimeUtils.formatInstant(at.plusSeconds(seq * 37L)));
                row.add(serialized.getType().getName());
                row.add(serialized.getType().getRevision());
                row.add(serialized.getData());
                row.add(metaData);
                params.addAll(row);
                if (params.size() == rowsPerInsert * 8) {
                    List<Object> full = params;
                    transactionManager.executeInTransaction(() -> jdbc.sql(insert).params(full).update());
                    params = new ArrayList<>();
                }
            }
            stored += life.size();
            tasks++;
        }
        if (!params.isEmpty()) {
            int rows = params.size() / 8;
            String rest = insert.substring(0, insert.indexOf("VALUES ") + 7)
                    + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, 'Task', ?, ?, ?, ?, ?)"));
            List<Object> last = params;
            transactionManager.executeInTransaction(() -> jdbc.sql(rest).params(last).update());
        }
        return tasks;
    }

    private void publish(List<DomainEventMessage<?>> batch) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(batch));
    }

    /** Ids the service's allocator will never hand out: the next block of the shared counter. */
    private long reserveIds(int count) {
        return transactionManager.fetchInTransaction(() -> {
            jdbc.sql("UPDATE task_id_allocation SET next_value = next_value + ? WHERE name = 'task'")
                    .param(count)
                    .update();
            return jdbc.sql("SELECT next_value FROM task_id_allocation WHERE name = 'task'")
                    .query(Long.class).single() - count;
        });
    }

    private List<Object> life(long id, String bot) {
        Priority priority = Priority.values()[random.nextInt(3)];
        int maxRetry = random.nextInt(4);
        List<Object> events = new ArrayList<>();
        events.add(new TaskCreatedEvent(id, "task " + id, random.nextBoolean() ? "about " + id : null,
                random.nextInt(3) == 0 ? "{\"n\":" + id + "}" : null, bot, priority, maxRetry, "hope", "hope", TaskTiming.NONE));
        switch (random.nextInt(9)) {
            case 0 -> { }
            case 1 -> events.add(new TaskStartedEvent(id, bot, bot, null));
            case 2 -> {
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskCompletedEvent(id, "result of " + id, bot));
            }
            case 3 -> {
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskFailedEvent(id, "error in " + id, bot));
            }
            case 4 -> {
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskFailedEvent(id, "first try of " + id + " failed", bot));
                if (maxRetry > 0) {
                    events.add(new TaskRetriedEvent(id, 1, maxRetry, "hope"));
                    events.add(new TaskStartedEvent(id, bot, bot, null));
                    events.add(new TaskCompletedEvent(id, null, bot));
                }
            }
            case 5 -> events.add(new TaskCancelledEvent(id, TaskStatus.PENDING, "ops"));
            case 6 -> {
                events.add(new TaskUpdatedEvent(id, "renamed " + id, null, null, null, Priority.P0, 10,
                        TaskStatus.PENDING, "ops"));
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskUpdatedEvent(id, null, null, null, null, null, 60, TaskStatus.RUNNING, bot));
                events.add(new TaskCompletedEvent(id, "x".repeat(600), bot));
            }
            case 7 -> {
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskFailedEvent(id, null, bot));
                events.add(new TaskCancelledEvent(id, TaskStatus.FAILED, "ops"));
            }
            default -> events.add(new TaskDeletedEvent(id, TaskStatus.PENDING, "ops"));
        }
        return events;
    }
}
