package org.opentask.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * N bots, each running the contract's heartbeat cycle in a closed loop for S seconds: create a task for itself,
 * ask for its pending tasks (which must already show it), start it, complete it. A warm-up of W seconds runs
 * first and is not counted. After the last answer the projections are counted against what the bots were told.
 */
final class LoadRun {

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private final Service service;
    private final Database database;
    private final int bots;
    private final int seconds;
    private final int warmupSeconds;
    private final double ceiling;
    private final String tag;
    private final long servicePid;
    private final long databasePid;
    /** The database server whose status counters are read around the measured seconds; null: not counted. */
    private final StatementCounts statements;

    private final Latencies create = new Latencies("create");
    private final Latencies pending = new Latencies("pending");
    private final Latencies start = new Latencies("start");
    private final Latencies complete = new Latencies("complete");
    private final LongAdder measuredCycles = new LongAdder();
    private final LongAdder staleReads = new LongAdder();
    /** Over warm-up and measurement: every 2xx command stored one event. */
    private final LongAdder acceptedCommands = new LongAdder();
    private final LongAdder acceptedCompletes = new LongAdder();
    /** Errors of the warm-up, by endpoint and cause: not counted in the figures, shown beside them. */
    private final Map<String, Long> warmupErrors = new ConcurrentHashMap<>();
    /** Per bot, its last task and how many of the task's commands were accepted (1 to 3). */
    private final Map<String, long[]> lastTasks = new ConcurrentHashMap<>();
    private volatile int phase = WARMUP;

    LoadRun(Options options) {
        this.service = Service.from(options);
        this.database = options.text("db", "").equals("none") ? null : Database.from(options);
        this.bots = options.integer("bots", 32);
        this.seconds = options.integer("seconds", 30);
        this.warmupSeconds = options.integer("warmup", 10);
        this.ceiling = options.decimal("ceiling", 0);
        this.tag = options.text("tag", "bench" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36));
        this.servicePid = options.number("service-pid", -1);
        this.databasePid = options.number("database-pid", Machine.findProcess("mariadbd"));
        String statusDb = options.text("status-db", database == null ? "" : database.url());
        this.statements = statusDb.isEmpty() ? null : new StatementCounts(
                new Database(statusDb, options.text("db-user", "root"), options.text("db-password", "")));
    }

    void run() throws Exception {
        Connection counts = database == null ? null : database.connect();
        long baseline = counts == null ? 0
                : database.count(counts, "SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry");
        String loadBefore = Machine.loadAverage();
        System.out.printf("load: %d bots as %s-*, %d s warm-up, %d s measured; load average %s on %d cores%n",
                bots, tag, warmupSeconds, seconds, loadBefore, Machine.cores());

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < bots; i++) {
            String bot = tag + "-" + i;
            Thread thread = new Thread(() -> heartbeat(bot), bot);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(warmupSeconds * 1000L);
        for (Latencies l : endpoints()) {
            warmupErrors.putAll(l.errorsByCause().entrySet().stream()
                    .collect(Collectors.toMap(e -> l.name() + ": " + e.getKey(), Map.Entry::getValue)));
            l.reset();
        }
        measuredCycles.reset();
        staleReads.reset();
        phase = MEASURE;
        if (statements != null) {
            statements.start();
        }
        long cpuStart = Machine.processCpuNanos();
        long serviceCpuStart = Machine.processCpuNanos(servicePid);
        long serviceAppCpuStart = Machine.processCpuNanosWithoutJit(servicePid);
        long databaseCpuStart = Machine.processCpuNanos(databasePid);
        long startNanos = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        phase = STOP;
        long elapsed = System.nanoTime() - startNanos;
        long cpuUsed = Machine.processCpuNanos() - cpuStart;
        long serviceCpu = Machine.processCpuNanos(servicePid) - serviceCpuStart;
        long serviceAppCpu = Machine.processCpuNanosWithoutJit(servicePid) - serviceAppCpuStart;
        long databaseCpu = Machine.processCpuNanos(databasePid) - databaseCpuStart;
        String statementCounts = statements == null ? null : statements.perCycle(measuredCycles.sum(), 3);
        for (Latencies l : endpoints()) {
            l.freeze();
        }
        long cycles = measuredCycles.sum();
        for (Thread thread : threads) {
            thread.join();
        }
        String lag = counts == null ? "not measured (--db=none)" : projectionLag(counts, baseline);
        String loadAfter = Machine.loadAverage();

        double perSecond = cycles / (elapsed / 1e9);
        long errors = endpoints().stream().mapToLong(Latencies::errorCount).sum() + staleReads.sum();
        System.out.println();
        System.out.println(Latencies.header());
        System.out.println(Latencies.rule());
        for (Latencies l : endpoints()) {
            System.out.println(l.row());
        }
        System.out.println();
        for (Latencies l : endpoints()) {
            if (l.errorCount() > 0) {
                System.out.println("errors on " + l.name() + ": " + l.errorsByCause());
            }
        }
        System.out.printf("cycles/s: %.1f (%d cycles in %.1f s), commands/s: %.1f, requests/s: %.1f%n",
                perSecond, cycles, elapsed / 1e9, 3 * perSecond, 4 * perSecond);
        System.out.printf("errors: %d (stale pending reads: %d)%s%n", errors, staleReads.sum(),
                warmupErrors.isEmpty() ? "" : "; during the warm-up: " + warmupErrors);
        System.out.println("projection lag: " + lag);
        if (ceiling > 0) {
            System.out.printf("ceiling: %.0f INSERT+COMMIT/s; commands/s are %.1f%% of it%n",
                    ceiling, 100 * 3 * perSecond / ceiling);
        }
        System.out.printf("load tool CPU: %.0f%% of one core (%.0f%% of the machine)%n",
                100.0 * cpuUsed / elapsed, 100.0 * cpuUsed / elapsed / Machine.cores());
        // CPU per cycle does not depend on what else the machine runs: the figure to compare between runs
        System.out.printf("CPU per cycle: load tool %.2f ms", cpuUsed / 1e6 / Math.max(1, cycles));
        if (servicePid > 0) {
            System.out.printf(", service %.2f ms (%.2f ms without the JIT compiler; %.0f%% of one core)",
                    serviceCpu / 1e6 / Math.max(1, cycles), serviceAppCpu / 1e6 / Math.max(1, cycles),
                    100.0 * serviceCpu / elapsed);
        }
        if (databasePid > 0) {
            System.out.printf(", MariaDB %.2f ms (%.0f%% of one core; it also serves anything else running)",
                    databaseCpu / 1e6 / Math.max(1, cycles), 100.0 * databaseCpu / elapsed);
        }
        System.out.println();
        if (statementCounts != null) {
            System.out.println(statementCounts);
        }
        System.out.printf("load average: %s before, %s after%n", loadBefore, loadAfter);
        System.out.printf("RESULT load bots=%d seconds=%d cycles_per_s=%.1f create_p99=%.2f pending_p99=%.2f "
                        + "start_p99=%.2f complete_p99=%.2f errors=%d ceiling=%.0f service_cpu_ms=%.2f service_nojit_cpu_ms=%.2f"
                        + " db_cpu_ms=%.2f"
                        + " load=\"%s\"%n",
                bots, seconds, perSecond, create.percentileMillis(99), pending.percentileMillis(99),
                start.percentileMillis(99), complete.percentileMillis(99), errors, ceiling,
                servicePid > 0 ? serviceCpu / 1e6 / Math.max(1, cycles) : -1,
                servicePid > 0 ? serviceAppCpu / 1e6 / Math.max(1, cycles) : -1,
                databasePid > 0 ? databaseCpu / 1e6 / Math.max(1, cycles) : -1, loadAfter);
        if (counts != null) {
            counts.close();
        }
    }

    private List<Latencies> endpoints() {
        return List.of(create, pending, start, complete);
    }

    private void heartbeat(String bot) {
        String createBody = "{\"task_name\":\"benchmark cycle\",\"assigned_to\":\"" + bot
                + "\",\"task_description\":\"one heartbeat of the load tool\",\"created_by\":\"bench\"}";
        String pendingPath = "/api/tasks/pending?assigned_to=" + bot;
        while (phase != STOP) {
            Service.Answer created = service.post("/api/tasks", createBody, create);
            if (!created.ok()) {
                continue;
            }
            acceptedCommands.increment();
            long id = Service.firstId(created.body());
            lastTasks.put(bot, new long[] {id, 1});
            Service.Answer mine = service.get(pendingPath, pending);
            if (mine.ok() && !mine.body().contains("\"id\":" + id + ",")) {
                // read-your-writes: the task the create answered with must already be pending
                staleReads.increment();
            }
            Service.Answer started = service.put("/api/tasks/" + id + "/start", null, start);
            if (!started.ok()) {
                continue;
            }
            acceptedCommands.increment();
            lastTasks.put(bot, new long[] {id, 2});
            Service.Answer completed = service.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}", complete);
            if (!completed.ok()) {
                continue;
            }
            acceptedCommands.increment();
            acceptedCompletes.increment();
            lastTasks.put(bot, new long[] {id, 3});
            if (phase == MEASURE && mine.ok()) {
                measuredCycles.increment();
            }
        }
    }

    /**
     * How long after the last answer the read models hold everything the bots were told had happened. Timed on the
     * bots' last tasks, with indexed lookups that take a millisecond or two: their rows in {@code bot_task}, their
     * audit rows, and their analytics rows. The analytics projection follows the store in order on a tracking
     * processor of its own, so once the last tasks' events are in, every earlier one is; {@code bot_task} and the
     * audit trail are written in each command's transaction. Then, untimed, the whole run is counted: an audit row
     * and an analytics row per accepted command, the completed tasks, and at least one stored event per accepted
     * command (a start also stores its lease timer).
     */
    private String projectionLag(Connection counts, long baseline) throws SQLException {
        long last = System.nanoTime();
        long deadline = last + 30_000_000_000L;
        List<long[]> tasks = List.copyOf(lastTasks.values());
        String ids = tasks.stream().map(task -> Long.toString(task[0])).collect(Collectors.joining(", "));
        long expectedCommands = tasks.stream().mapToLong(task -> task[1]).sum();
        long expectedDone = tasks.stream().filter(task -> task[1] == 3).count();
        int checks = 0;
        long readModels = -1;
        long analytics = -1;
        while (!tasks.isEmpty() && (readModels < 0 || analytics < 0)) {
            checks++;
            // each time is taken when the check that found the rows had ended: an upper bound
            if (readModels < 0
                    && database.count(counts, "SELECT COUNT(*) FROM bot_task_log WHERE task_id IN (" + ids + ")")
                    == expectedCommands
                    && database.count(counts, "SELECT COUNT(*) FROM bot_task WHERE id IN (" + ids + ")"
                    + " AND status = 'completed'") == expectedDone) {
                readModels = System.nanoTime() - last;
            }
            if (analytics < 0 && database.count(counts, "SELECT COUNT(*) FROM task_analytics_event"
                    + " WHERE task_id IN (" + ids + ")") == expectedCommands) {
                analytics = System.nanoTime() - last;
            }
            if (System.nanoTime() > deadline) {
                return "INCOMPLETE after 30 s on the bots' last tasks";
            }
        }
        long checkEnd = System.nanoTime();
        long totalCommands = acceptedCommands.sum();
        long events = database.count(counts, "SELECT COUNT(*) FROM domain_event_entry WHERE global_index > ?",
                baseline);
        long logs = database.count(counts, "SELECT COUNT(*) FROM bot_task_log WHERE id > ?", baseline);
        long done = database.count(counts, "SELECT COUNT(*) FROM bot_task WHERE assigned_to LIKE ?"
                + " AND status = 'completed'", tag + "-%");
        long analyticsRows = database.count(counts, "SELECT COUNT(*) FROM task_analytics_event"
                + " WHERE assigned_to LIKE ?", tag + "-%");
        // more rows than answers: a command the service carried out whose answer the tool did not get (it is then
        // an error of the run or its warm-up, shown with the errors)
        boolean whole = events >= totalCommands && logs >= totalCommands && done >= acceptedCompletes.sum()
                && analyticsRows == logs;
        return String.format("bot_task and audit trail complete %.1f ms, analytics %.1f ms after the last answer"
                        + " (%d checks of the bots' last tasks, ending %.1f ms after it);"
                        + " whole run %s: events %d, audit rows %d and analytics rows %d for %d accepted commands,"
                        + " completed tasks %d of %d",
                readModels / 1e6, analytics / 1e6, checks, (checkEnd - last) / 1e6,
                whole ? "complete" : "INCOMPLETE", events, logs, analyticsRows, totalCommands, done,
                acceptedCompletes.sum());
    }
}
