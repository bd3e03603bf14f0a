package org.opentask.query;

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
 * held command has not written the read models yet, so the swap never waits on it.
 */
final class TableSwap {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final DatabaseDialect dialect;
    private final ShadowCatchUp catchUp;
    private final ReentrantReadWriteLock hold = new ReentrantReadWriteLock();

    TableSwap(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions,
              DatabaseDialect dialect, ShadowCatchUp catchUp) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dialect = dialect;
        this.catchUp = catchUp;
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

    /** Swaps the shadow tables of {@code targets} in; answers how long commands were held, in nanoseconds. */
    long swap(List<ReplayTarget> targets, ReplayHandlers shadows, TrackingToken from) throws Exception {
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
                catchUp.apply(from, shadows);
                Map<String, String> shadowByTable = new LinkedHashMap<>();
                for (ReplayTarget target : targets) {
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

    /** The global index up to which every event has been applied: below the token's oldest gap. */
    private static long appliedThrough(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
        }
        return token == null ? -1 : token.position().orElse(-1);
    }
}
