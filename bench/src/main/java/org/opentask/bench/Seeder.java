package org.opentask.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.opentask.api.Priority;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;

/**
 * Writes a large history straight into the service's tables, as the service itself would have written it: the
 * events into {@code domain_event_entry}, and the rows the projections make of them into {@code bot_task} and
 * {@code bot_task_log} (see {@link SeedFormats}). Run it while the service is stopped or idle: it reserves its
 * task ids and global indexes first, so the service carries on after the seeded history.
 *
 * <p>Of {@code tasks} tasks, {@code pending} belong to one bot and are still pending (one event each), spread
 * evenly through the history; the others belong to {@code bots} other bots and went through a full life of
 * {@code events-per-task} events: created, {@code r} rounds of start, fail and retry, started, {@code u} progress
 * updates, completed (events-per-task = 3 + 3r + u).
 */
final class Seeder {

    static final String PENDING_BOT = "bench-pending";

    /** The shape of one seeded history, and where each task's rows go. */
    record Plan(long tasks, int eventsPerTask, long pending, int bots, String pendingBot, long firstTaskId,
                long firstGlobalIndex, Instant from, Duration span) {

        Plan {
            if (eventsPerTask < 3) {
                throw new IllegalArgumentException("--events-per-task must be at least 3 (create, start, complete)");
            }
            if (pending > tasks) {
                throw new IllegalArgumentException("--pending cannot exceed --tasks");
            }
        }

        long stride() {
            return pending == 0 ? Long.MAX_VALUE : tasks / pending;
        }

        /** Pending tasks sit at every stride-th place, so they are spread over the whole history. */
        boolean isPending(long n) {
            return pending > 0 && n % stride() == stride() - 1 && n / stride() < pending;
        }

        private long pendingBefore(long n) {
            return pending == 0 ? 0 : Math.min(pending, n / stride());
        }

        long firstGlobalIndexOf(long n) {
            long pendingBefore = pendingBefore(n);
            return firstGlobalIndex + (n - pendingBefore) * eventsPerTask + pendingBefore;
        }

        long totalEvents() {
            return (tasks - pending) * eventsPerTask + pending;
        }

        int retries() {
            return (eventsPerTask - 3) / 3;
        }

        int updates() {
            return (eventsPerTask - 3) % 3;
        }

        Instant createdAt(long n) {
            return from.plusMillis(span.toMillis() * n / tasks);
        }

        /** The events of the n-th task, in order, with their times: a second apart. */
        List<Object> events(long n) {
            long id = firstTaskId + n;
            List<Object> events = new ArrayList<>();
            if (isPending(n)) {
                Priority priority = n % 10 == 9 ? Priority.P0 : n % 10 >= 6 ? Priority.P1 : Priority.P2;
                events.add(new TaskCreatedEvent(id, "seeded task " + id, "seeded by the load tool", null,
                        pendingBot, priority, 3, "seed", "seed", TaskTiming.NONE));
                return events;
            }
            String bot = "seed-bot-" + (n % bots);
            int maxRetry = Math.max(3, retries());
            events.add(new TaskCreatedEvent(id, "seeded task " + id, "seeded by the load tool", null, bot,
                    Priority.P2, maxRetry, "seed", "seed", TaskTiming.NONE));
            for (int round = 1; round <= retries(); round++) {
                events.add(new TaskStartedEvent(id, bot, bot, null));
                events.add(new TaskFailedEvent(id, "seeded failure " + round, bot));
                events.add(new TaskRetriedEvent(id, round, maxRetry, "seed"));
            }
            events.add(new TaskStartedEvent(id, bot, bot, null));
            for (int update = 1; update <= updates(); update++) {
                events.add(new TaskUpdatedEvent(id, null, null, null, null, null, update * 30, TaskStatus.RUNNING,
                        "seed"));
            }
            events.add(new TaskCompletedEvent(id, "done", bot));
            return events;
        }
    }

    private final Database database;
    private final long tasks;
    private final int eventsPerTask;
    private final long pending;
    private final int bots;
    private final String pendingBot;
    private final int days;
    private final int threads;
    private final int chunk;
    private final ZoneId zone;

    Seeder(Options options) {
        this.database = Database.from(options);
        this.tasks = options.number("tasks", 1_000_000);
        this.eventsPerTask = options.integer("events-per-task", 10);
        this.pending = options.number("pending", 10_000);
        this.bots = options.integer("seed-bots", 100);
        this.pendingBot = options.text("bot", PENDING_BOT);
        this.days = options.integer("days", 30);
        this.threads = options.integer("threads", 2);
        this.chunk = options.integer("chunk", 1000);
        this.zone = ZoneId.of(options.text("zone", ZoneId.systemDefault().getId()));
    }

    void run() throws Exception {
        long started = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        Plan plan;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("UPDATE task_id_allocation SET next_value = next_value + " + tasks
                    + " WHERE name = 'task'");
            long end = database.count(connection, "SELECT next_value FROM task_id_allocation WHERE name = 'task'");
            connection.commit();
            long firstGlobalIndex = database.count(connection,
                    "SELECT COALESCE(MAX(global_index), 0) + 1 FROM domain_event_entry");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Duration span = Duration.ofDays(days);
            plan = new Plan(tasks, eventsPerTask, pending, bots, pendingBot, end - tasks, firstGlobalIndex,
                    now.minus(span).minus(Duration.ofHours(1)), span);
            // the service's next event goes after the seeded ones (MariaDB changes this without a table copy)
            statement.execute("ALTER TABLE domain_event_entry AUTO_INCREMENT = "
                    + (firstGlobalIndex + plan.totalEvents()));
            connection.commit();
        }
        System.out.printf("seed: %,d tasks (%,d pending for %s), %,d events, ids %d.., global index %d..,"
                        + " %d threads; load average %s%n", tasks, pending, pendingBot, plan.totalEvents(),
                plan.firstTaskId(), plan.firstGlobalIndex(), threads, loadBefore);

        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try (Connection connection = database.connect()) {
                    write(connection, plan, next, done, started);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "seed-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("seeding failed", failures.get(0));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("seeded %,d tasks and %,d events (and as many audit rows) in %.0f s: %,.0f events/s;"
                        + " load average %s%n", tasks, plan.totalEvents(), seconds, plan.totalEvents() / seconds,
                Machine.loadAverage());
        System.out.printf("RESULT seed tasks=%d events=%d pending=%d seconds=%.0f load=\"%s\"%n",
                tasks, plan.totalEvents(), pending, seconds, Machine.loadAverage());
    }

    private void write(Connection connection, Plan plan, AtomicLong next, AtomicLong done, long started)
            throws Exception {
        connection.setAutoCommit(false);
        try (Statement session = connection.createStatement()) {
            // the seeded keys are unique by construction; skip the checks a bulk load does not need
            session.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0");
        }
        try (PreparedStatement events = connection.prepareStatement("INSERT INTO domain_event_entry"
                + " (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
                + " payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
             PreparedStatement logs = connection.prepareStatement("INSERT INTO bot_task_log (id, task_id, action,"
                     + " message, old_status, new_status, operator, created_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement rows = connection.prepareStatement("INSERT INTO bot_task (id, task_name,"
                     + " task_description, task_params, assigned_to, priority, status, progress, created_time,"
                     + " started_time, completed_time, result, error_message, retry_count, max_retry, created_by,"
                     + " deleted, update_time) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
            long reportEvery = Math.max(1, plan.tasks() / 20);
            long from;
            while ((from = next.getAndAdd(chunk)) < plan.tasks()) {
                long to = Math.min(plan.tasks(), from + chunk);
                for (long n = from; n < to; n++) {
                    addTask(plan, n, events, logs, rows);
                }
                events.executeBatch();
                logs.executeBatch();
                rows.executeBatch();
                connection.commit();
                long total = done.addAndGet(to - from);
                if (total / reportEvery != (total - (to - from)) / reportEvery) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("  %,d of %,d tasks after %.0f s; load average %s%n", total, plan.tasks(),
                            seconds, Machine.loadAverage());
                }
            }
        }
    }

    private void addTask(Plan plan, long n, PreparedStatement events, PreparedStatement logs,
                         PreparedStatement rows) throws Exception {
        List<Object> history = plan.events(n);
        long globalIndex = plan.firstGlobalIndexOf(n);
        Instant at = plan.createdAt(n);
        TaskCreatedEvent created = (TaskCreatedEvent) history.get(0);
        String aggregate = Long.toString(created.taskId());
        Instant startedAt = null;
        String lastError = null;
        int retries = 0;
        for (int sequence = 0; sequence < history.size(); sequence++, globalIndex++) {
            Object event = history.get(sequence);
            Instant time = at.plusSeconds(sequence);
            String eventId = String.format("5eed0000-0000-4000-8000-%012x", globalIndex);
            events.setLong(1, globalIndex);
            events.setString(2, eventId);
            events.setString(3, aggregate);
            events.setLong(4, sequence);
            events.setString(5, SeedFormats.AGGREGATE_TYPE);
            events.setString(6, SeedFormats.timeStamp(time));
            events.setString(7, SeedFormats.payloadType(event));
            events.setBytes(8, SeedFormats.payload(event));
            events.setBytes(9, SeedFormats.metaData(eventId));
            events.addBatch();

            SeedFormats.LogRow log = SeedFormats.logRow(event);
            logs.setLong(1, globalIndex);
            logs.setLong(2, created.taskId());
            logs.setString(3, log.action());
            logs.setString(4, log.message());
            logs.setString(5, log.oldStatus());
            logs.setString(6, log.newStatus());
            logs.setString(7, log.operator());
            logs.setTimestamp(8, local(time));
            logs.addBatch();

            if (event instanceof TaskStartedEvent) {
                startedAt = time;
            } else if (event instanceof TaskFailedEvent failed) {
                lastError = failed.errorMessage();
            } else if (event instanceof TaskRetriedEvent retried) {
                retries = retried.retryCount();
            }
        }
        Instant last = at.plusSeconds(history.size() - 1);
        boolean finished = history.size() > 1;
        rows.setLong(1, created.taskId());
        rows.setString(2, created.taskName());
        rows.setString(3, created.taskDescription());
        rows.setString(4, created.assignedTo());
        rows.setString(5, created.priority().name());
        rows.setString(6, finished ? TaskStatus.COMPLETED.toString() : TaskStatus.PENDING.toString());
        rows.setInt(7, finished ? 100 : 0);
        rows.setTimestamp(8, local(at));
        rows.setTimestamp(9, finished ? local(startedAt) : null);
        rows.setTimestamp(10, finished ? local(last) : null);
        rows.setString(11, finished ? "done" : null);
        rows.setString(12, lastError);
        rows.setInt(13, retries);
        rows.setInt(14, created.maxRetry());
        rows.setString(15, created.createdBy());
        rows.setTimestamp(16, local(last));
        rows.addBatch();
    }

    private Timestamp local(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, zone));
    }
}
