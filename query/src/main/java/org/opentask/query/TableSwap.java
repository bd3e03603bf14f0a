package org.opentask.query;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import javax.sql.DataSource;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A replay's last phase, <b>swapping</b>: new commands wait while the events stored since the last catch-up round
 * are applied and the shadow tables take the live tables' place; then they go on. The connections are taken
 * before commands are held: held commands keep theirs.
 * <p>
 * This instance's commands wait on an in-process lock ({@link #hold}). Where several instances share the database
 * (MySQL, MariaDB), every instance's appends are also held by the database ({@link DatabaseDialect#appendHold}),
 * from the first event the replay may not have applied (its token's oldest gap), at no cost outside a swap. A
 * held command has not written the read models yet, so the swap never waits on it. When the analytics are among
 * the tables, their tracking processor's token is claimed before the hold and given the replay's position inside
 * it ({@link AnalyticsHandover}); where one statement renames tables atomically (MySQL, MariaDB), their tables
 * change places just after the hold, while the claim still keeps their processor out. Should that last rename
 * fail, the commands' tables are the new ones and the analytics stay the old ones, with their processor's place.
 */
final class TableSwap {

    private static final Logger log = LoggerFactory.getLogger(TableSwap.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final DatabaseDialect dialect;
    private final ShadowCatchUp catchUp;
    private final Serializer serializer;
    private final Duration analyticsClaimKept;
    private final ReentrantReadWriteLock hold = new ReentrantReadWriteLock();

    TableSwap(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions,
              DatabaseDialect dialect, ShadowCatchUp catchUp, Serializer serializer, Duration analyticsClaimKept) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dialect = dialect;
        this.catchUp = catchUp;
        this.serializer = serializer;
        this.analyticsClaimKept = analyticsClaimKept;
    }

    /** Every handler this interceptor is registered on waits while a swap runs. */
    <T extends Message<?>> MessageHandlerInterceptor<T> hold() {
        return (unitOfWork, chain) -> {
            Lock lock = hold.readLock();
            lock.lock();
            unitOfWork.onCleanup(u -> lock.unlock());
            return chain.proceed();
        };
    }

    /** Whether a swap holds this instance's commands now. */
    boolean holding() {
        return hold.isWriteLocked();
    }

    /**
     * Swaps the shadow tables of {@code targets} in; answers how long commands were held, in nanoseconds, from the
     * moment the swap asked for the hold (commands arriving after that wait) to the moment it let go.
     */
    long swap(List<ReplayTarget> targets, ReplayHandlers shadows, TrackingToken from) throws Exception {
        Map<String, String> shadowByTable = new LinkedHashMap<>();
        // where renames are atomic, tables that commands do not write change places after the hold: each rename
        // costs a few milliseconds of file moves and dictionary writes, more on a busy disk
        Map<String, String> inHold = new LinkedHashMap<>();
        Map<String, String> afterHold = new LinkedHashMap<>();
        for (ReplayTarget target : targets) {
            for (String table : target.tables) {
                shadowByTable.put(table, ReplayTarget.shadow(table));
                (target.writtenByCommands() || !dialect.swapsAtOnce() ? inHold : afterHold)
                        .put(table, ReplayTarget.shadow(table));
            }
        }
        long held;
        try (DatabaseDialect.AppendHold appends = dialect.appendHold(dataSource);
             AnalyticsHandover handover = targets.contains(ReplayTarget.TASK_ANALYTICS)
                     ? new AnalyticsHandover(dataSource, serializer) : null) {
            TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            Lock lock = hold.writeLock();
            boolean locked = false;
            long[] steps = new long[6];
            long heldSince = System.nanoTime();
            try {
                if (handover != null) {
                    // before the hold: the claim waits for a batch the analytics processor is storing
                    handover.claim();
                    heldSince = System.nanoTime();
                }
                lock.lock();
                locked = true;
                steps[0] = System.nanoTime();
                appends.holdAfter(appliedThrough(from));
                steps[1] = System.nanoTime();
                TrackingToken last = catchUp.apply(from, shadows);
                steps[2] = System.nanoTime();
                if (handover != null) {
                    handover.take(last);
                }
                steps[3] = System.nanoTime();
                if (!inHold.isEmpty()) {
                    dialect.swapIn(jdbc, inHold);
                }
                steps[4] = System.nanoTime();
                transactions.commit(transaction);
                steps[5] = System.nanoTime();
            } catch (Exception | Error e) {
                if (!transaction.isCompleted()) {
                    transactions.rollback(transaction);
                }
                if (handover != null) {
                    handover.undo();
                }
                throw e;
            } finally {
                appends.release();
                if (locked) {
                    lock.unlock();
                }
            }
            held = System.nanoTime() - heldSince;
            // which step a long hold spent its time in: the hold is the one cost commands see
            log.info("Replay swap held commands: lock {} ms, appends held {} ms, last events {} ms,"
                            + " analytics token {} ms, renames {} ms, commit {} ms",
                    (steps[0] - heldSince) / 1_000_000, (steps[1] - steps[0]) / 1_000_000,
                    (steps[2] - steps[1]) / 1_000_000, (steps[3] - steps[2]) / 1_000_000,
                    (steps[4] - steps[3]) / 1_000_000, (steps[5] - steps[4]) / 1_000_000);
            if (!afterHold.isEmpty()) {
                // the analytics' processor cannot write meanwhile: the replay holds its token
                long since = System.nanoTime();
                try {
                    dialect.swapIn(jdbc, afterHold);
                } catch (RuntimeException e) {
                    // the old analytics tables stay, and their processor goes on from its place in them
                    handover.undo();
                    if (!inHold.isEmpty()) {
                        dialect.afterSwap(jdbc, inHold);
                    }
                    throw e;
                }
                log.info("Replay swapped {} in after the hold in {} ms", afterHold.keySet(),
                        (System.nanoTime() - since) / 1_000_000);
            }
            // commands go on meanwhile: the analytics wait for their processor a few seconds longer, that is all
            if (handover != null) {
                handover.release(analyticsClaimKept);
            }
        }
        dialect.afterSwap(jdbc, shadowByTable);
        return held;
    }

    /** The global index up to which every event has been applied: below the token's oldest gap. */
    private static long appliedThrough(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
        }
        return token == null ? -1 : token.position().orElse(-1);
    }
}
