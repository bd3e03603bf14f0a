package org.opentask.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the database alone can do: N connections, each inserting one small row per transaction (autocommit) for S
 * seconds, into a scratch table of the service's own database that is dropped afterwards. Every command of the
 * service is at least one such durable commit, so this is the ceiling its commands are measured against.
 */
final class CeilingProbe {

    private static final String TABLE = "bench_ceiling_probe";

    private final Database database;
    private final int threads;
    private final int seconds;
    private final int warmupSeconds;
    private final Latencies inserts = new Latencies("insert");
    private final LongAdder measured = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stop;

    CeilingProbe(Options options) {
        this.database = Database.from(options);
        this.threads = options.integer("threads", options.integer("bots", 32));
        this.seconds = options.integer("seconds", 15);
        this.warmupSeconds = options.integer("warmup", 3);
    }

    double run() throws Exception {
        try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " bot VARCHAR(50) NOT NULL, note VARCHAR(255), created_time DATETIME(6) NOT NULL)"
                    + " ENGINE = InnoDB");
        }
        String loadBefore = Machine.loadAverage();
        System.out.printf("ceiling: %d connections, single-row INSERT+COMMIT, %d s warm-up, %d s measured;"
                + " load average %s on %d cores%n", threads, warmupSeconds, seconds, loadBefore, Machine.cores());
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            connections.add(database.connect());
        }
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Connection connection = connections.get(i);
            String bot = "probe-" + i;
            Thread worker = new Thread(() -> insertLoop(connection, bot), bot);
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmupSeconds * 1000L);
        inserts.reset();
        measured.reset();
        measuring = true;
        long databasePid = Machine.findProcess("mariadbd");
        long databaseCpuStart = Machine.processCpuNanos(databasePid);
        long cpuStart = Machine.processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - start;
        long count = measured.sum();
        long databaseCpu = Machine.processCpuNanos(databasePid) - databaseCpuStart;
        long cpuUsed = Machine.processCpuNanos() - cpuStart;
        measuring = false;
        inserts.freeze();
        stop = true;
        for (Thread worker : workers) {
            worker.join();
        }
        for (Connection connection : connections) {
            connection.close();
        }
        try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
        }
        double perSecond = count / (elapsed / 1e9);
        System.out.println();
        System.out.println(Latencies.header());
        System.out.println(Latencies.rule());
        System.out.println(inserts.row());
        System.out.printf("%nINSERT+COMMIT/s: %.0f with %d connections%n", perSecond, threads);
        System.out.printf("CPU per commit: probe %.3f ms", cpuUsed / 1e6 / Math.max(1, count));
        if (databasePid > 0) {
            System.out.printf(", MariaDB %.3f ms (%.0f%% of one core)", databaseCpu / 1e6 / Math.max(1, count),
                    100.0 * databaseCpu / elapsed);
        }
        System.out.println();
        String loadAfter = Machine.loadAverage();
        System.out.printf("load average: %s before, %s after%n", loadBefore, loadAfter);
        System.out.printf("RESULT ceiling threads=%d seconds=%d inserts_per_s=%.0f p99=%.2f errors=%d load=\"%s\"%n",
                threads, seconds, perSecond, inserts.percentileMillis(99), inserts.errorCount(), loadAfter);
        return perSecond;
    }

    private void insertLoop(Connection connection, String bot) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (bot, note, created_time) VALUES (?, ?, NOW(6))")) {
            connection.setAutoCommit(true);
            insert.setString(1, bot);
            insert.setString(2, "one durable commit");
            while (!stop) {
                long t = System.nanoTime();
                try {
                    insert.executeUpdate();
                    inserts.record(System.nanoTime() - t);
                    if (measuring) {
                        measured.increment();
                    }
                } catch (java.sql.SQLException e) {
                    inserts.error(e.getClass().getSimpleName());
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the ceiling probe lost its connection", e);
        }
    }
}
