package org.opentask.query;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Rebuilds the read models {@code bot_task} and {@code bot_task_log} and the analytics' tables from the first event
 * in the store (all of them, or those asked for), while the service keeps taking commands, and swaps the result in
 * so that readers never see half a table. See {@code docs/replay.md} for why it works this way. A replay runs in
 * four phases, each a class of its own:
 * <ol>
 * <li><b>reading</b> ({@link ScratchReader}): the projections' own event handlers, given other tables, write every
 * stored event into a private file-backed copy of the schema ({@link ScratchDatabase}): the same code as the live
 * projection, without a database round trip per event.</li>
 * <li><b>copying</b> ({@link ShadowCopier}): those tables go into the shadow tables ({@code bot_task_shadow},
 * {@code bot_task_log_shadow}, ...) with multi-row inserts.</li>
 * <li><b>catching-up</b> ({@link ShadowCatchUp}): the events stored meanwhile are applied to the shadow tables
 * directly.</li>
 * <li><b>swapping</b> ({@link TableSwap}): new commands wait (on this instance, and on MySQL/MariaDB on every
 * instance) while the last events are applied and the shadow tables take the live tables' place; the analytics'
 * tracking processor, on whatever instance it runs, is handed the replay's position ({@link AnalyticsHandover});
 * then they go on.</li>
 * </ol>
 * Only one replay runs at a time on a database: it is claimed on the {@code projection_replay} row, which also
 * carries its progress, so every instance reports it ({@link ReplayProgress}).
 */
@Component
public class ProjectionReplay {

    public static final String ALL = ReplayTarget.ALL;

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ZoneId zone;
    private final ReplayProgress progress;
    private final ScratchReader reader;
    private final ShadowCopier copier;
    private final ShadowCatchUp catchUp;
    private final TableSwap swap;
    /** Where the scratch database's files go (the system's temporary directory when null), and its cache. */
    private final Path scratchDirectory;
    private final int scratchCacheMegabytes;
    private final boolean swapsAtOnce;

    ProjectionReplay(DataSource dataSource, JdbcClient jdbc, JdbcTemplate template,
                     PlatformTransactionManager transactions,
                     ZoneId serverZone, StoredEvents storedEvents, DatabaseDialect dialect, Serializer serializer,
                     @Value("${opentask.replay.commit-every:5000}") int commitEvery,
                     @Value("${opentask.replay.rows-per-insert:500}") int rowsPerInsert,
                     @Value("${opentask.replay.scratch-directory:}") String scratchDirectory,
                     @Value("${opentask.replay.scratch-cache-mb:32}") int scratchCacheMegabytes,
                     @Value("${opentask.replay.analytics-claim-kept-ms:8000}") long analyticsClaimKeptMillis) {
        this.jdbc = jdbc;
        this.template = template;
        this.zone = serverZone;
        this.progress = new ReplayProgress(jdbc, serverZone);
        this.reader = new ScratchReader(storedEvents, progress, serverZone, commitEvery);
        this.copier = new ShadowCopier(dataSource, jdbc, dialect, progress, rowsPerInsert);
        this.catchUp = new ShadowCatchUp(storedEvents, jdbc, transactions, progress, commitEvery);
        this.swap = new TableSwap(dataSource, jdbc, transactions, dialect, catchUp, serializer,
                Duration.ofMillis(analyticsClaimKeptMillis));
        this.scratchDirectory = scratchDirectory.isBlank() ? null : Path.of(scratchDirectory.trim());
        this.scratchCacheMegabytes = scratchCacheMegabytes;
        this.swapsAtOnce = dialect.swapsAtOnce();
    }

    /** The names {@link #start} takes: {@code all} (or null) and one per projection. */
    public static List<String> projections() {
        return ReplayTarget.names();
    }

    /**
     * Checks what {@link #start} is asked to replay: {@code all}, null or blank, or one or more of
     * {@link #projections()} separated by commas.
     *
     * @throws IllegalArgumentException naming the projections there are, for anything else
     */
    public static void check(String projectionsOrNull) {
        ReplayTarget.named(projectionsOrNull);
    }

    /** The replay running now, on any instance, or else the last one. */
    public ReplayStatus status() {
        return progress.status();
    }

    /**
     * Starts a replay of {@code projection} ({@code all} or null for every one, else {@code bot-task},
     * {@code bot-task-log} or {@code task-analytics}, or several of them separated by commas) in the background and
     * answers its status at once.
     *
     * @throws IllegalArgumentException      for an unknown projection
     * @throws ReplayAlreadyRunningException when a replay runs, here or on another instance
     */
    public ReplayStatus start(String projectionOrNull) {
        List<ReplayTarget> targets = ReplayTarget.named(projectionOrNull);
        progress.claim(name(targets));
        Thread worker = new Thread(() -> run(targets), "projection-replay");
        worker.setDaemon(true);
        worker.start();
        return status();
    }

    /** As {@link #start}, but returns when the replay has finished: for the shell's run mode. */
    public ReplayStatus runToEnd(String projectionOrNull) {
        List<ReplayTarget> targets = ReplayTarget.named(projectionOrNull);
        progress.claim(name(targets));
        run(targets);
        return status();
    }

    /**
     * To be registered on the command bus: every command handled here waits while a replay swaps its tables in,
     * so that no event is stored between the replay's last read and the swap. Commands of other instances on
     * MySQL and MariaDB are held by the database instead (see {@link TableSwap}).
     */
    public MessageHandlerInterceptor<CommandMessage<?>> commandHold() {
        return hold();
    }

    /**
     * To be registered on the query bus: where a swap renames one table at a time (H2), queries wait while it runs,
     * so that none finds a table missing. Elsewhere queries never wait.
     */
    public MessageHandlerInterceptor<QueryMessage<?, ?>> queryHold() {
        return swapsAtOnce ? (unitOfWork, chain) -> chain.proceed() : hold();
    }

    /** Whether a replay swaps its tables in on this instance now, so that commands wait: readiness is down then. */
    public boolean holdsCommands() {
        return swap.holding();
    }

    /**
     * The same hold for any handler that stores events outside the command bus, such as deadline handlers: register
     * it on their bus or manager, so that their events cannot land between the replay's last read and the swap.
     */
    public <T extends Message<?>> MessageHandlerInterceptor<T> hold() {
        return swap.hold();
    }

    /** What the status calls a replay of {@code targets}: {@code all}, or their names. */
    private static String name(List<ReplayTarget> targets) {
        return targets.size() == ReplayTarget.values().length ? ALL
                : String.join(",", targets.stream().map(target -> target.projection).toList());
    }

    private void run(List<ReplayTarget> targets) {
        try {
            long start = System.nanoTime();
            progress.total(jdbc.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single());
            long liveRows = 0;
            for (String table : ReplayTarget.tables(targets)) {
                liveRows += jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
            }
            progress.rowsToCopy(liveRows); // about what the copy will copy
            progress.enter("reading");
            TrackingToken token;
            long read;
            long copied;
            try (ScratchDatabase scratch = ScratchDatabase.onDisk("replay", scratchDirectory,
                    scratchCacheMegabytes)) {
                token = reader.read(scratch, targets);
                read = System.nanoTime();
                progress.enter("copying");
                copier.copy(scratch, targets);
                copied = System.nanoTime();
            }
            long readEvents = progress.eventsDone();
            progress.enter("catching-up");
            ReplayHandlers shadows = ReplayHandlers.of(targets, template, zone, ReplayTarget::shadow);
            token = catchUp.catchUp(token, shadows);
            long caughtUp = System.nanoTime();
            progress.enter("swapping");
            long held = swap.swap(targets, shadows, token);
            long end = System.nanoTime();
            progress.finish(ReplayStatus.State.COMPLETED, null);
            long events = progress.eventsDone();
            log.info("Replay of {} completed: {} events in {} s ({} events/s); reading {} events {} s, copying {} s,"
                            + " catching up {} events {} s, swapping {} s of which commands waited {} ms",
                    targets, events, ThreadTimes.seconds(end - start), Math.round(events / ((end - start) / 1e9)),
                    readEvents, ThreadTimes.seconds(read - start), ThreadTimes.seconds(copied - read),
                    events - readEvents, ThreadTimes.seconds(caughtUp - copied), ThreadTimes.seconds(end - caughtUp),
                    held / 1_000_000);
        } catch (Exception | Error e) {
            log.error("Replay of {} failed", targets, e);
            progress.finish(ReplayStatus.State.FAILED, e.toString());
        }
    }
}
