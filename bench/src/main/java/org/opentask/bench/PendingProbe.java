package org.opentask.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One bot's pending query, asked by N clients in a closed loop for S seconds: the call every bot makes on every
 * heartbeat, measured against a seeded table (see {@link Seeder}) where that bot has thousands of pending tasks.
 */
final class PendingProbe {

    private final Service service;
    private final String bot;
    private final String limit;
    private final int threads;
    private final int seconds;
    private final int warmupSeconds;
    private final Latencies pending = new Latencies("pending");
    private final LongAdder measured = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stop;
    private volatile int tasksPerAnswer = -1;

    PendingProbe(Options options) {
        this.service = Service.from(options);
        this.bot = options.text("bot", Seeder.PENDING_BOT);
        this.limit = options.text("limit", "10");
        this.threads = options.integer("threads", 1);
        this.seconds = options.integer("seconds", 20);
        this.warmupSeconds = options.integer("warmup", 5);
    }

    void run() throws Exception {
        String path = "/api/tasks/pending?assigned_to=" + bot + (limit.equals("none") ? "" : "&limit=" + limit);
        String loadBefore = Machine.loadAverage();
        System.out.printf("pending: GET %s from %d client(s), %d s warm-up, %d s measured; load average %s%n",
                path, threads, warmupSeconds, seconds, loadBefore);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop) {
                    Service.Answer answer = service.get(path, pending);
                    if (answer.ok()) {
                        tasksPerAnswer = answer.body().split("\"id\":", -1).length - 1;
                        if (measuring) {
                            measured.increment();
                        }
                    }
                }
            }, "pending-" + i);
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmupSeconds * 1000L);
        pending.reset();
        measured.reset();
        measuring = true;
        long cpuStart = Machine.processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - start;
        long cpuUsed = Machine.processCpuNanos() - cpuStart;
        measuring = false;
        pending.freeze();
        long count = measured.sum();
        stop = true;
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println();
        System.out.println(Latencies.header());
        System.out.println(Latencies.rule());
        System.out.println(pending.row());
        if (pending.errorCount() > 0) {
            System.out.println("errors: " + pending.errorsByCause());
        }
        String loadAfter = Machine.loadAverage();
        System.out.printf("%nqueries/s: %.0f, tasks per answer: %d%n", count / (elapsed / 1e9), tasksPerAnswer);
        System.out.printf("load tool CPU: %.0f%% of one core%n", 100.0 * cpuUsed / elapsed);
        System.out.printf("load average: %s before, %s after%n", loadBefore, loadAfter);
        System.out.printf("RESULT pending threads=%d limit=%s tasks=%d p50=%.2f p99=%.2f errors=%d load=\"%s\"%n",
                threads, limit, tasksPerAnswer, pending.percentileMillis(50), pending.percentileMillis(99),
                pending.errorCount(), loadAfter);
        if (tasksPerAnswer <= 0) {
            throw new IllegalStateException("the bot " + bot + " has no pending tasks: seed them first");
        }
    }
}
