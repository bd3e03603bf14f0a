package org.opentask.query;

import java.sql.Connection;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A replay's first phase, <b>reading</b>: every stored event, applied by the projections' own handlers to the
 * tables of a {@link ScratchDatabase}, at memory speed and without a round trip per event. A second thread reads
 * and deserializes the events while this one applies them: the two halves of the work take about as long, and
 * each gets a core.
 */
final class ScratchReader {

    private static final Logger log = LoggerFactory.getLogger(ScratchReader.class);

    private static final int READ_BATCH = 1_000;
    private static final int QUEUED_BATCHES = 16;

    private final StoredEvents storedEvents;
    private final ReplayProgress progress;
    private final ZoneId zone;
    private final int commitEvery;

    private volatile long readerCpuNanos;
    private volatile long readerWaitNanos;

    ScratchReader(StoredEvents storedEvents, ReplayProgress progress, ZoneId zone, int commitEvery) {
        this.storedEvents = storedEvents;
        this.progress = progress;
        this.zone = zone;
        this.commitEvery = commitEvery;
    }

    /** Applies every event in the store to the scratch tables of {@code targets}; answers the last one's token. */
    TrackingToken read(ScratchDatabase scratch, List<ReplayTarget> targets) throws Exception {
        long start = System.nanoTime();
        long cpuStart = ThreadTimes.cpuNanos();
        long waitStart = ThreadTimes.cpuWaitNanos();
        scratch.dropPlainIndexes(ReplayTarget.tables(targets).toArray(String[]::new));
        TrackingToken token;
        try (Connection staging = scratch.connect()) {
            staging.setAutoCommit(false);
            JdbcTemplate stagingJdbc = new JdbcTemplate(new SingleConnectionDataSource(staging, true));
            token = applyEverything(ReplayHandlers.of(targets, stagingJdbc, zone, table -> table), staging);
        }
        long cpuRead = ThreadTimes.cpuNanos() - cpuStart;
        log.info("Replay read {} events in {} s, using {} s of CPU to apply and {} s to read them"
                        + " ({} events per CPU second); waited {} s and {} s for a CPU",
                progress.eventsDone(), ThreadTimes.seconds(System.nanoTime() - start), ThreadTimes.seconds(cpuRead),
                ThreadTimes.seconds(readerCpuNanos),
                Math.round(progress.eventsDone() / ((cpuRead + readerCpuNanos) / 1e9)),
                ThreadTimes.seconds(ThreadTimes.cpuWaitNanos() - waitStart), ThreadTimes.seconds(readerWaitNanos));
        return token;
    }

    /** Applies every event in the store, {@code commitEvery} events per commit of {@code staging}. */
    private TrackingToken applyEverything(ReplayHandlers handlers, Connection staging) throws Exception {
        BlockingQueue<List<TrackedEventMessage<?>>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        List<TrackedEventMessage<?>> end = new ArrayList<>();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> readAll(batches, end, readFailure), "projection-replay-reader");
        reader.setDaemon(true);
        reader.start();
        TrackingToken token = null;
        int sinceCommit = 0;
        try {
            for (List<TrackedEventMessage<?>> batch = batches.take(); batch != end; batch = batches.take()) {
                for (TrackedEventMessage<?> event : batch) {
                    token = handlers.apply(event, token);
                    progress.applied();
                }
                sinceCommit += batch.size();
                if (sinceCommit >= commitEvery) {
                    handlers.flush();
                    staging.commit();
                    sinceCommit = 0;
                    progress.tick();
                }
            }
        } finally {
            reader.interrupt();
        }
        if (readFailure.get() != null) {
            throw new IllegalStateException("Reading the event store failed", readFailure.get());
        }
        handlers.flush();
        staging.commit();
        progress.totalAtLeastDone();
        return token;
    }

    /** The reading thread: the store's events, deserialized, in batches; {@code end} after the last. */
    private void readAll(BlockingQueue<List<TrackedEventMessage<?>>> batches, List<TrackedEventMessage<?>> end,
                         AtomicReference<Throwable> readFailure) {
        long readerWaitStart = ThreadTimes.cpuWaitNanos();
        try (Stream<? extends TrackedEventMessage<?>> events = storedEvents.readAfter(null)) {
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
            readerCpuNanos = ThreadTimes.cpuNanos();
            readerWaitNanos = ThreadTimes.cpuWaitNanos() - readerWaitStart;
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
    }
}
