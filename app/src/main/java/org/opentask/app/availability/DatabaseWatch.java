package org.opentask.app.availability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import org.opentask.app.system.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Whether the database answers, as this instance last saw it. While it does, a connection of the autocommit pool is
 * checked every {@code opentask.database.watch-interval}; when that fails, or a request meets a broken connection
 * ({@link #suspect}), a fresh connection is tried outside the pools, and if that fails too the database counts as
 * away: readiness goes down and the API answers 503 at once ({@link DatabaseUnavailableFilter}) instead of letting
 * every request wait for the pool's connection timeout.
 * <p>
 * While it is away, a fresh connection is tried every {@code opentask.database.retry-interval}. The first that
 * succeeds brings the service back, and wakes the pools' connection adders: after a run of failed attempts Hikari
 * sleeps up to 5 s between two tries, which would keep the first requests after the database's return waiting
 * for that long. Only an adder asleep in that back-off is woken; one that is connecting is left alone.
 */
final class DatabaseWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

    private final List<HikariDataSource> pools;
    private final HikariDataSource probePool;
    private final Clock clock;
    private final Duration interval;
    private final Duration retryInterval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("database-watch"));
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private volatile boolean reachable = true;
    private volatile Instant since;
    private volatile String lastError;
    private volatile boolean running;

    DatabaseWatch(List<HikariDataSource> pools, HikariDataSource probePool, Clock clock, Duration interval,
                  Duration retryInterval) {
        this.pools = pools;
        this.probePool = probePool;
        this.clock = clock;
        this.interval = interval;
        this.retryInterval = retryInterval;
        this.since = clock.instant();
    }

    boolean reachable() {
        return reachable;
    }

    /** Since when the database has been reachable, or away. */
    Instant since() {
        return since;
    }

    /** Why the last check failed, or null. */
    String lastError() {
        return lastError;
    }

    /** A request met a broken connection: check now, outside the pools, rather than at the next round. */
    void suspect() {
        if (reachable && running && checkQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                checkQueued.set(false);
                if (reachable && !connectsFresh()) {
                    wentAway();
                }
            });
        }
    }

    private void round() {
        try {
            if (reachable) {
                if (!poolAnswers() && !connectsFresh()) {
                    wentAway();
                }
            } else if (connectsFresh()) {
                cameBack();
            }
        } catch (RuntimeException e) {
            log.warn("Checking the database failed unexpectedly", e);
        } finally {
            if (running) {
                thread.schedule(this::round, (reachable ? interval : retryInterval).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean poolAnswers() {
        try (Connection connection = probePool.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    private boolean connectsFresh() {
        try (Connection connection = DriverManager.getConnection(probePool.getJdbcUrl(), probePool.getUsername(),
                probePool.getPassword())) {
            return connection.isValid(1);
        } catch (SQLException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    private void wentAway() {
        reachable = false;
        since = clock.instant();
        log.error("The database is unreachable ({}); the API answers 503 until it is back", lastError);
    }

    private void cameBack() {
        for (HikariDataSource pool : pools) {
            // the idle connections died with the server: dropped now rather than each tried by a request
            if (pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            wakeConnectionAdder(pool);
        }
        reachable = true;
        Duration away = Duration.between(since, clock.instant());
        since = clock.instant();
        lastError = null;
        log.warn("The database is reachable again after {} ms", away.toMillis());
    }

    /**
     * Interrupts the pool's connection adder if it sleeps in its back-off: it then gives up its round, and the next
     * request that waits for a connection starts a new one, which connects at once.
     */
    private static void wakeConnectionAdder(HikariDataSource pool) {
        String name = pool.getPoolName() + ":connection-adder";
        for (Thread candidate : Thread.getAllStackTraces().keySet()) {
            if (name.equals(candidate.getName()) && candidate.getState() == Thread.State.TIMED_WAITING) {
                StackTraceElement[] stack = candidate.getStackTrace();
                boolean backingOff = false;
                for (int i = 0; i < Math.min(stack.length, 6); i++) {
                    if ("quietlySleep".equals(stack[i].getMethodName())) {
                        backingOff = true;
                    }
                }
                if (backingOff) {
                    candidate.interrupt();
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!running) {
            running = true;
            thread.schedule(this::round, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        thread.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
