package org.opentask.query;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rebuilds the read models {@code bot_task} and {@code bot_task_log} from the first event in the store, while the
 * service keeps taking commands, and swaps the result in so that readers never see half a table. See
 * {@code docs/replay.md} for why it works this way.
 * <ol>
 * <li><b>reading</b>: the projections' own event handlers, given other tables, write every stored event into a
 * private in-memory copy of the schema ({@link ScratchDatabase}): the same code as the live projection, without a
 * database round trip per event.</li>
 * <li><b>copying</b>: those tables go into the shadow tables {@code bot_task_shadow} and {@code bot_task_log_shadow}
 * with multi-row inserts.</li>
 * <li><b>catching-up</b>: the events stored meanwhile are applied to the shadow tables directly.</li>
 * <li><b>swapping</b>: new commands wait (on this instance, and on MySQL/MariaDB on every instance) while the last
 * events are applied and the shadow tables take the live tables' place; then they go on.</li>
 * </ol>
 * Only one replay runs at a time on a database: it is claimed on the {@code projection_replay} row, which also
 * carries its progress, so every instance reports it.
 */
@Component
public class ProjectionReplay {

    public static final String ALL = "all";

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);

    /** A replay whose instance has not reported for this long is taken for dead: another may start. */
    private static final long STALE_MILLIS = 120_000;
    private static final long REPORT_EVERY_MILLIS = 500;
    /** When a catch-up round applies fewer events than this, the rest is applied while commands wait. */
    private static final int FEW_ENOUGH_TO_HOLD = 1_000;
    private static final int MAX_CATCH_UP_ROUNDS = 20;
    private static final int READ_BATCH = 1_000;
    private static final int QUEUED_BATCHES = 16;

    /** A read model a replay can rebuild. */
    private enum Target {
        BOT_TASK("bot-task", BotTaskTable.NAME),
        BOT_TASK_LOG("bot-task-log", TaskLogProjection.TABLE);

        final String projection;
        final String table;

        Target(String projection, String table) {
            this.projection = projection;
            this.table = table;
        }

        String shadow() {
            return table + "_shadow";
        }

        /** The projection's own event handlers, writing {@code table} through {@code jdbc}. */
        Object handlers(JdbcClient jdbc, ZoneId zone, String table) {
            return this == BOT_TASK
                    ? new BotTaskProjection(new BotTaskTable(jdbc, table), zone)
                    : new TaskLogProjection(jdbc, zone, table);
        }
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final ZoneId zone;
    private final EventHistory history;
    private final int commitEvery;
    private final int rowsPerInsert;
    private final String owner;
    private final ReentrantReadWriteLock hold = new ReentrantReadWriteLock();
    private final DatabaseDialect dialect;

    // the progress of the replay this instance runs, fresher than the row
    private volatile boolean runningHere;
    private volatile String phase;
    private volatile long eventsDone;
    private volatile long eventsTotal;
    private volatile long lastReport;
    private volatile long readerCpuNanos;
    private volatile long readerWaitNanos;
    private final AtomicLong copierWaitNanos = new AtomicLong();
    private final AtomicLong copierCpuNanos = new AtomicLong();

    ProjectionReplay(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions,
                     ZoneId serverZone, EventHistory history, DatabaseDialect dialect,
                     @Value("${opentask.replay.commit-every:5000}") int commitEvery,
                     @Value("${opentask.replay.rows-per-insert:500}") int rowsPerInsert) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.zone = serverZone;
        this.history = history;
        this.dialect = dialect;
        this.commitEvery = commitEvery;
        this.rowsPerInsert = rowsPerInsert;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The names {@link #start} takes: {@code all} (or null) and one per projection. */
    public static List<String> projections() {
        List<String> names = new ArrayList<>();
        names.add(ALL);
        for (Target target : Target.values()) {
            names.add(target.projection);
        }
        return names;
    }

    /** The replay running now, on any instance, or else the last one. */
    public ReplayStatus status() {
        return jdbc.sql("SELECT state, phase, projection, owner, events_done, events_total, started_millis,"
                        + " finished_millis, heartbeat_millis, error FROM projection_replay WHERE name = 'replay'")
                .query((rs, row) -> {
                    ReplayStatus.State state = ReplayStatus.State.of(rs.getString("state"));
                    String error = rs.getString("error");
                    String rowPhase = rs.getString("phase");
                    long done = rs.getLong("events_done");
                    long total = rs.getLong("events_total");
                    Long started = nullableLong(rs, "started_millis");
                    Long finished = nullableLong(rs, "finished_millis");
                    long heartbeat = rs.getLong("heartbeat_millis");
                    if (state == ReplayStatus.State.RUNNING) {
                        if (runningHere && owner.equals(rs.getString("owner"))) {
                            rowPhase = phase;
                            done = eventsDone;
                            total = eventsTotal;
                        } else if (System.currentTimeMillis() - heartbeat > STALE_MILLIS) {
                            state = ReplayStatus.State.FAILED;
                            error = "abandoned: the instance running it (" + rs.getString("owner")
                                    + ") has not reported since " + time(heartbeat);
                            finished = heartbeat;
                        }
                    }
                    return status(state, rowPhase, rs.getString("projection"), done, total, started, finished,
                            error);
                })
                .single();
    }

    /**
     * Starts a replay of {@code projection} ({@code all} or null for every one, else {@code bot-task} or
     * {@code bot-task-log}) in the background and answers its status at once.
     *
     * @throws IllegalArgumentException      for an unknown projection
     * @throws ReplayAlreadyRunningException when a replay runs, here or on another instance
     */
    public ReplayStatus start(String projectionOrNull) {
        List<Target> targets = targets(projectionOrNull);
        claim(projectionOrNull == null ? ALL : projectionOrNull);
        Thread worker = new Thread(() -> run(targets), "projection-replay");
        worker.setDaemon(true);
        worker.start();
        return status();
    }

    /** As {@link #start}, but returns when the replay has finished: for the shell's run mode. */
    public ReplayStatus runToEnd(String projectionOrNull) {
        List<Target> targets = targets(projectionOrNull);
        claim(projectionOrNull == null ? ALL : projectionOrNull);
        run(targets);
        return status();
    }

    /**
     * To be registered on the command bus: every command handled here waits while a replay swaps its tables in,
     * so that no event is stored between the replay's last read and the swap. Commands of other instances on
     * MySQL and MariaDB are held by the database instead: during the swap the replay locks the event table past
     * the last event it has read, so their events wait to be appended (see {@link #swap}).
     */
    public MessageHandlerInterceptor<CommandMessage<?>> commandHold() {
        return hold();
    }

    /**
     * The same hold for any handler that stores events outside the command bus, such as deadline handlers: register
     * it on their bus or manager, so that their events cannot land between the replay's last read and the swap.
     */
    public <T extends Message<?>> MessageHandlerInterceptor<T> hold() {
        return (unitOfWork, chain) -> {
            Lock lock = hold.readLock();
            lock.lock();
            unitOfWork.onCleanup(u -> lock.unlock());
            return chain.proceed();
        };
    }

    private static List<Target> targets(String projection) {
        if (projection == null || projection.equals(ALL)) {
            return List.of(Target.values());
        }
        for (Target target : Target.values()) {
            if (target.projection.equals(projection)) {
                return List.of(target);
            }
        }
        throw new IllegalArgumentException("projection must be one of " + projections() + ", got '" + projection + "'");
    }

    private void claim(String projection) {
        long now = System.currentTimeMillis();
        int claimed = jdbc.sql("UPDATE projection_replay SET state = 'running', phase = 'starting', projection = ?,"
                        + " owner = ?, events_done = 0, events_total = 0, started_millis = ?, finished_millis = NULL,"
                        + " heartbeat_millis = ?, error = NULL"
                        + " WHERE name = 'replay' AND (state <> 'running' OR heartbeat_millis < ?)")
                .params(projection, owner, now, now, now - STALE_MILLIS)
                .update();
        if (claimed == 0) {
            throw new ReplayAlreadyRunningException(status());
        }
        phase = "starting";
        eventsDone = 0;
        eventsTotal = 0;
        runningHere = true;
    }

    private void run(List<Target> targets) {
        try {
            long start = System.nanoTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long waitStart = cpuWaitNanos();
            eventsTotal = jdbc.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single();
            report("reading", true);
            TrackingToken token;
            long read;
            long copied;
            try (ScratchDatabase scratch = ScratchDatabase.create("replay")) {
                scratch.dropPlainIndexes(targets.stream().map(target -> target.table).toArray(String[]::new));
                try (Connection staging = scratch.connect()) {
                    staging.setAutoCommit(false);
                    JdbcClient stagingJdbc = JdbcClient.create(new SingleConnectionDataSource(staging, true));
                    token = applyEverything(handlers(targets, stagingJdbc, target -> target.table), staging);
                }
                read = System.nanoTime();
                long cpuRead = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
                log.info("Replay read {} events in {} s, using {} s of CPU to apply and {} s to read them"
                                + " ({} events per CPU second); waited {} s and {} s for a CPU",
                        eventsDone, seconds(read - start), seconds(cpuRead), seconds(readerCpuNanos),
                        Math.round(eventsDone / ((cpuRead + readerCpuNanos) / 1e9)),
                        seconds(cpuWaitNanos() - waitStart), seconds(readerWaitNanos));
                report("copying", true);
                for (Target target : targets) {
                    createShadowTable(target);
                }
                copyAll(scratch, targets);
                copied = System.nanoTime();
                log.info("Replay copied the tables in {} s, using {} s of CPU here and waiting {} s for a CPU"
                                + " (both copying threads together)", seconds(copied - read),
                        seconds(copierCpuNanos.get()), seconds(copierWaitNanos.get()));
            }
            long readEvents = eventsDone;
            report("catching-up", true);
            List<EventMessageHandler> shadows = handlers(targets, jdbc, Target::shadow);
            for (int round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
                long before = eventsDone;
                token = inTransaction(token, shadows);
                if (eventsDone - before < FEW_ENOUGH_TO_HOLD) {
                    break;
                }
            }
            long caughtUp = System.nanoTime();
            report("swapping", true);
            long held = swap(targets, shadows, token);
            long end = System.nanoTime();
            finish(ReplayStatus.State.COMPLETED, null);
            log.info("Replay of {} completed: {} events in {} s ({} events/s); reading {} events {} s, copying {} s,"
                            + " catching up {} events {} s, swapping {} s of which commands waited {} ms",
                    targets, eventsDone, seconds(end - start), Math.round(eventsDone / ((end - start) / 1e9)),
                    readEvents, seconds(read - start), seconds(copied - read), eventsDone - readEvents,
                    seconds(caughtUp - copied), seconds(end - caughtUp), held / 1_000_000);
        } catch (Exception | Error e) {
            log.error("Replay of {} failed", targets, e);
            finish(ReplayStatus.State.FAILED, e.toString());
        }
    }

    /**
     * How long the calling thread has waited for a CPU while ready to run (Linux's schedstat), or 0 where that is
     * not known: on a shared machine it tells the replay's own cost from the time spent waiting for others.
     */
    private static long cpuWaitNanos() {
        try {
            String[] fields = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split("\\s+");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private List<EventMessageHandler> handlers(List<Target> targets, JdbcClient into, Function<Target, String> table) {
        List<EventMessageHandler> handlers = new ArrayList<>();
        for (Target target : targets) {
            Object projection = target.handlers(into, zone, table.apply(target));
            // the handler methods as they are, without the per-call wrappers (timeouts, tracing) of live processing
            handlers.add(new AnnotationEventHandlerAdapter(projection,
                    ClasspathParameterResolverFactory.forClass(projection.getClass()),
                    new AnnotatedMessageHandlingMemberDefinition()));
        }
        return handlers;
    }

    /**
     * Applies every event after {@code from} up to the last one stored now; commits {@code staging} (when given)
     * every {@code commitEvery} events. Answers the token of the last event applied.
     */
    private TrackingToken apply(TrackingToken from, List<EventMessageHandler> handlers, Connection staging)
            throws Exception {
        TrackingToken token = from;
        int sinceCommit = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = history.readAfter(from)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                TrackedEventMessage<?> own = atOwnIndex(event, token);
                for (EventMessageHandler handler : handlers) {
                    handler.handle(own);
                }
                token = event.trackingToken();
                eventsDone++;
                if (++sinceCommit >= commitEvery) {
                    if (staging != null) {
                        staging.commit();
                    }
                    sinceCommit = 0;
                    report(phase, false);
                }
            }
        }
        if (staging != null) {
            staging.commit();
        }
        if (eventsDone > eventsTotal) {
            eventsTotal = eventsDone;
        }
        return token;
    }

    /**
     * Applies every event in the store, {@code commitEvery} events per commit of {@code staging}. A second thread
     * reads and deserializes the events while this one applies them: the two halves of the work take about as
     * long, and each gets a core.
     */
    private TrackingToken applyEverything(List<EventMessageHandler> handlers, Connection staging) throws Exception {
        BlockingQueue<List<TrackedEventMessage<?>>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        List<TrackedEventMessage<?>> end = new ArrayList<>();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long readerWaitStart = cpuWaitNanos();
            try (Stream<? extends TrackedEventMessage<?>> events = history.readAfter(null)) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>(READ_BATCH);
                Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                while (iterator.hasNext()) {
                    TrackedEventMessage<?> event = iterator.next();
                    event.getPayload();
                    event.getTimestamp();
                    batch.add(event);
                    if (batch.size() == READ_BATCH) {
                        batches.put(batch);
                        batch = new ArrayList<>(READ_BATCH);
                    }
                }
                batches.put(batch);
                readerCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                readerWaitNanos = cpuWaitNanos() - readerWaitStart;
            } catch (InterruptedException e) {
                return; // the applying side gave up
            } catch (Exception | Error e) {
                readFailure.set(e);
            }
            try {
                batches.put(end);
            } catch (InterruptedException e) {
                // the applying side gave up
            }
        }, "projection-replay-reader");
        reader.setDaemon(true);
        reader.start();
        TrackingToken token = null;
        int sinceCommit = 0;
        try {
            for (List<TrackedEventMessage<?>> batch = batches.take(); batch != end; batch = batches.take()) {
                for (TrackedEventMessage<?> event : batch) {
                    TrackedEventMessage<?> own = atOwnIndex(event, token);
                    for (EventMessageHandler handler : handlers) {
                        handler.handle(own);
                    }
                    token = event.trackingToken();
                    eventsDone++;
                }
                sinceCommit += batch.size();
                if (sinceCommit >= commitEvery) {
                    staging.commit();
                    sinceCommit = 0;
                    report(phase, false);
                }
            }
        } finally {
            reader.interrupt();
        }
        if (readFailure.get() != null) {
            throw new IllegalStateException("Reading the event store failed", readFailure.get());
        }
        staging.commit();
        if (eventsDone > eventsTotal) {
            eventsTotal = eventsDone;
        }
        return token;
    }

    /** Each table is copied by a thread of its own, on a connection of its own at both ends. */
    private void copyAll(ScratchDatabase scratch, List<Target> targets) throws Exception {
        copierCpuNanos.set(0);
        copierWaitNanos.set(0);
        ExecutorService copiers = Executors.newFixedThreadPool(targets.size(), runnable -> {
            Thread thread = new Thread(runnable, "projection-replay-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (Target target : targets) {
                copies.add(copiers.submit(() -> {
                    long waitStart = cpuWaitNanos();
                    try (Connection staging = scratch.connect()) {
                        copy(staging, target.table, target.shadow());
                    }
                    copierCpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                    copierWaitNanos.addAndGet(cpuWaitNanos() - waitStart);
                    return null;
                }));
            }
            for (Future<?> copy : copies) {
                try {
                    copy.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            copiers.shutdownNow();
        }
    }

    /** One catch-up round into the shadow tables, in one transaction of the service's database. */
    private TrackingToken inTransaction(TrackingToken from, List<EventMessageHandler> handlers) throws Exception {
        eventsTotal = eventsDone + eventsAfter(from);
        report(phase, true);
        TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            TrackingToken token = apply(from, handlers, null);
            transactions.commit(transaction);
            return token;
        } catch (Exception | Error e) {
            transactions.rollback(transaction);
            throw e;
        }
    }

    private long eventsAfter(TrackingToken token) {
        long position = token == null ? -1 : token.position().orElse(-1);
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE global_index > ?")
                .param(position)
                .query(Long.class)
                .single();
    }

    /** A shadow table exactly like the live one, as the migrations have made it by now. */
    private void createShadowTable(Target target) {
        jdbc.sql("DROP TABLE IF EXISTS " + target.shadow()).update();
        dialect.createTableLike(jdbc, target.shadow(), target.table);
    }

    /** Copies a table of the scratch database into the service's database, many rows per INSERT. */
    private void copy(Connection staging, String table, String into) throws SQLException {
        try (Connection target = dataSource.getConnection();
             Statement read = staging.createStatement();
             ResultSet rows = read.executeQuery("SELECT * FROM " + table)) {
            target.setAutoCommit(false);
            ResultSetMetaData meta = rows.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>();
            int[] types = new int[columns];
            for (int i = 1; i <= columns; i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                types[i - 1] = meta.getColumnType(i);
            }
            String insert = "INSERT INTO " + into + " (" + String.join(", ", names) + ") VALUES ";
            String row = "(" + "?, ".repeat(columns - 1) + "?)";
            List<Object[]> buffer = new ArrayList<>(rowsPerInsert);
            try (PreparedStatement full = target.prepareStatement(insert + rows(row, rowsPerInsert))) {
                int statements = 0;
                while (rows.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = value(rows, i + 1, types[i]);
                    }
                    buffer.add(values);
                    if (buffer.size() == rowsPerInsert) {
                        insert(full, buffer);
                        if (++statements % 20 == 0) {
                            target.commit();
                            report(phase, false);
                        }
                    }
                }
            }
            if (!buffer.isEmpty()) {
                try (PreparedStatement rest = target.prepareStatement(insert + rows(row, buffer.size()))) {
                    insert(rest, buffer);
                }
            }
            target.commit();
        }
    }

    private static String rows(String row, int count) {
        return String.join(", ", java.util.Collections.nCopies(count, row));
    }

    private static void insert(PreparedStatement statement, List<Object[]> buffer) throws SQLException {
        int parameter = 1;
        for (Object[] values : buffer) {
            for (Object value : values) {
                statement.setObject(parameter++, value);
            }
        }
        statement.executeUpdate();
        buffer.clear();
    }

    private static Object value(ResultSet rows, int column, int type) throws SQLException {
        return switch (type) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rows.getObject(column, LocalDateTime.class);
            case Types.CLOB, Types.NCLOB, Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.LONGVARCHAR ->
                    rows.getString(column);
            default -> rows.getObject(column);
        };
    }

    /**
     * Holds new commands, applies the events stored since the last round and puts the shadow tables in the live
     * tables' place. The connections are taken before commands are held: held commands keep theirs.
     * <p>
     * This instance's commands wait on the in-process lock. Where several instances share the database (MySQL,
     * MariaDB), every instance's appends are also held by the database ({@link DatabaseDialect#appendHold}), from
     * the first event the replay may not have applied (its token's oldest gap), at no cost outside a swap. A held
     * command has not written the read models yet, so the swap never waits on it.
     */
    private long swap(List<Target> targets, List<EventMessageHandler> shadows, TrackingToken from) throws Exception {
        try (DatabaseDialect.AppendHold appends = dialect.appendHold(dataSource)) {
            TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            Lock lock = hold.writeLock();
            boolean locked = false;
            long heldSince = 0;
            try {
                lock.lock();
                locked = true;
                heldSince = System.nanoTime();
                appends.holdAfter(appliedThrough(from));
                apply(from, shadows, null);
                Map<String, String> shadowByTable = new LinkedHashMap<>();
                for (Target target : targets) {
                    shadowByTable.put(target.table, target.shadow());
                }
                dialect.swapIn(jdbc, shadowByTable);
                transactions.commit(transaction);
            } catch (Exception | Error e) {
                if (!transaction.isCompleted()) {
                    transactions.rollback(transaction);
                }
                throw e;
            } finally {
                appends.release();
                if (locked) {
                    lock.unlock();
                }
            }
            return System.nanoTime() - heldSince;
        }
    }

    /**
     * The event as the projections get it: carrying a token at its own global index, which the audit trail numbers
     * its rows by. A gap-aware token's position is the highest index read so far, so an event that fills a gap
     * (committed after events with higher indexes, as when several instances append at once) would otherwise
     * carry a later event's index.
     */
    static TrackedEventMessage<?> atOwnIndex(TrackedEventMessage<?> event, TrackingToken previous) {
        if (!(event.trackingToken() instanceof GapAwareTrackingToken current)) {
            return event;
        }
        long own = current.getIndex();
        if (previous instanceof GapAwareTrackingToken before && current.getIndex() == before.getIndex()) {
            // the gap it filled; Axon may also have dropped older gaps it found to be lost, all below the filled one
            for (Long gap : before.getGaps()) {
                if (!current.getGaps().contains(gap)) {
                    own = gap;
                }
            }
        }
        return event.withTrackingToken(new GlobalSequenceTrackingToken(own));
    }

    /** The global index up to which every event has been applied: below the token's oldest gap. */
    private static long appliedThrough(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
        }
        return token == null ? -1 : token.position().orElse(-1);
    }

    private void report(String newPhase, boolean force) {
        phase = newPhase;
        long now = System.currentTimeMillis();
        if (!force && now - lastReport < REPORT_EVERY_MILLIS) {
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return; // a catch-up round: the row is written before and after it
        }
        lastReport = now;
        jdbc.sql("UPDATE projection_replay SET phase = ?, events_done = ?, events_total = ?, heartbeat_millis = ?"
                        + " WHERE name = 'replay' AND owner = ?")
                .params(newPhase, eventsDone, eventsTotal, now, owner)
                .update();
    }

    private void finish(ReplayStatus.State state, String error) {
        long now = System.currentTimeMillis();
        try {
            jdbc.sql("UPDATE projection_replay SET state = ?, phase = 'done', events_done = ?, events_total = ?,"
                            + " finished_millis = ?, heartbeat_millis = ?, error = ?"
                            + " WHERE name = 'replay' AND owner = ?")
                    .params(state.toString(), eventsDone, Math.max(eventsTotal, eventsDone), now, now,
                            error == null ? null : abbreviate(error), owner)
                    .update();
        } finally {
            runningHere = false;
        }
    }

    private ReplayStatus status(ReplayStatus.State state, String phase, String projection, long done, long total,
                                Long started, Long finished, String error) {
        double rate = 0;
        Long secondsLeft = null;
        if (started != null) {
            long end = finished != null ? finished : System.currentTimeMillis();
            double seconds = Math.max(end - started, 1) / 1000.0;
            rate = Math.round(done / seconds * 10) / 10.0;
            if (state != ReplayStatus.State.RUNNING) {
                secondsLeft = 0L;
            } else if (rate > 0) {
                secondsLeft = (long) Math.ceil(Math.max(total - done, 0) / rate);
            }
        }
        return new ReplayStatus(state, phase, projection, done, total, rate, secondsLeft,
                started == null ? null : time(started), finished == null ? null : time(finished), error);
    }

    private LocalDateTime time(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "\u2026";
    }
}
