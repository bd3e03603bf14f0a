package org.opentask.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether heartbeats make a task dearer: one task receives {@code --beats} heartbeats (10,000 by default), then
 * {@code --samples} more heartbeats on it are timed, against one heartbeat each on as many fresh tasks (created and
 * started untimed, so each timed heartbeat is a fresh task's third command). Both are timed in the same run, one
 * client, one request at a time; with {@code --status-db} the database's statements per command are counted too.
 * Run it against a service started with {@code --opentask.aggregate-cache=false} to see every command load its
 * task from the store: the worst case.
 */
final class HeartbeatProbe {

    private final Service service;
    private final int beats;
    private final int samples;
    private final StatementCounts statements;
    private final String bot;

    HeartbeatProbe(Options options) {
        this.service = Service.from(options);
        this.beats = options.integer("beats", 10_000);
        this.samples = options.integer("samples", 300);
        String statusDb = options.text("status-db", "");
        this.statements = statusDb.isEmpty() ? null : new StatementCounts(
                new Database(statusDb, options.text("db-user", "root"), options.text("db-password", "")));
        this.bot = options.text("bot", "bench-beats-" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36));
    }

    void run() throws Exception {
        Latencies untimed = new Latencies("setup");
        long longTask = startedTask(untimed);
        long began = System.nanoTime();
        for (int beat = 0; beat < beats; beat++) {
            require(service.put(heartbeat(longTask), "{}", untimed), "heartbeat " + beat);
        }
        System.out.printf("heartbeats: task %d received %d heartbeats in %.1f s%n", longTask, beats,
                (System.nanoTime() - began) / 1e9);

        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            fresh.add(startedTask(untimed));
        }
        // warm both paths once, untimed
        require(service.put(heartbeat(longTask), "{}", untimed), "warm-up");

        Latencies afterBeats = new Latencies("long task");
        String longCounts = counted(() -> {
            for (int i = 0; i < samples; i++) {
                require(service.put(heartbeat(longTask), "{}", afterBeats), "timed heartbeat");
            }
        });
        Latencies freshTasks = new Latencies("fresh task");
        String freshCounts = counted(() -> {
            for (long task : fresh) {
                require(service.put(heartbeat(task), "{}", freshTasks), "timed heartbeat");
            }
        });

        afterBeats.freeze();
        freshTasks.freeze();
        System.out.println(Latencies.header());
        System.out.println(Latencies.rule());
        System.out.println(afterBeats.row());
        System.out.println(freshTasks.row());
        if (longCounts != null) {
            System.out.println("long task, " + longCounts);
            System.out.println("fresh tasks, " + freshCounts);
        }
        double ratio = afterBeats.percentileMillis(50) / freshTasks.percentileMillis(50);
        double meanRatio = afterBeats.meanMillis() / freshTasks.meanMillis();
        System.out.printf("RESULT heartbeats beats=%d samples=%d long_p50=%.3f fresh_p50=%.3f ratio_p50=%.2f"
                        + " ratio_mean=%.2f%n", beats + samples + 1, samples, afterBeats.percentileMillis(50),
                freshTasks.percentileMillis(50), ratio, meanRatio);
    }

    private interface Timed {
        void run() throws Exception;
    }

    private String counted(Timed work) throws Exception {
        if (statements == null) {
            work.run();
            return null;
        }
        statements.start();
        work.run();
        return statements.perCycle(samples, 1).replace("database per cycle", "database per command");
    }

    private long startedTask(Latencies timing) {
        Service.Answer created = service.post("/api/tasks", "{\"task_name\":\"heartbeat probe\",\"assigned_to\":\""
                + bot + "\",\"timeout_seconds\":86400}", timing);
        require(created, "create");
        long id = Service.firstId(created.body());
        require(service.put("/api/tasks/" + id + "/start", null, timing), "start");
        return id;
    }

    private static String heartbeat(long task) {
        return "/api/tasks/" + task + "/heartbeat";
    }

    private static void require(Service.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " failed: " + answer.status() + " " + answer.failure() + " "
                    + answer.body());
        }
    }
}
