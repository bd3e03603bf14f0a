package org.opentask.app.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;

/**
 * The time from a task's {@code complete} answer to its delivery at a healthy receiver, under a steady load of
 * bots running their heartbeat cycle; not part of the suite (no timed tests there). With the default settings
 * (the processor polls the store every 200 ms). Bots, warm-up and measured seconds:
 * {@code -Dwebhook.bench.bots=8 -Dwebhook.bench.warmup=30 -Dwebhook.bench.seconds=60}. It also measures the
 * API's own latency of {@code complete} with the subscription on and with it off, one phase each.
 * See docs/webhooks.md for the command and the figures.
 */
class WebhookLatencyBenchmark {

    private static final int BOTS = Integer.getInteger("webhook.bench.bots", 8);
    private static final int WARMUP = Integer.getInteger("webhook.bench.warmup", 30);
    private static final int SECONDS = Integer.getInteger("webhook.bench.seconds", 60);
    private static final Pattern TASK_ID = Pattern.compile("\"id\":(\\d+)");

    private final Map<Long, Long> completedAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> receivedAt = new ConcurrentHashMap<>();

    @Test
    void delivery_latency_under_load() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher id = TASK_ID.matcher(body);
            if (id.find()) {
                receivedAt.putIfAbsent(Long.parseLong(id.group(1)), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        StringBuilder report = new StringBuilder();
        try (AppInstance service = AppInstance.start(settings())) {
            ApiClient api = service.api;
            long subscription = Webhooked.subscribe(api, "http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/bench", "\"completed\"", null).get("id").asLong();

            run(api, WARMUP, new ArrayList<>());
            completedAt.clear();
            receivedAt.clear();

            List<Long> apiWith = Collections.synchronizedList(new ArrayList<>());
            int cycles = run(api, SECONDS, apiWith);
            Thread.sleep(3000);
            List<Long> delays = new ArrayList<>();
            int missing = 0;
            for (Map.Entry<Long, Long> done : completedAt.entrySet()) {
                Long got = receivedAt.get(done.getKey());
                if (got == null) {
                    missing++;
                } else {
                    delays.add((got - done.getValue()) / 1000);
                }
            }
            report.append(String.format("bots %d, warm-up %d s, measured %d s: %d cycles (%.1f/s)%n", BOTS, WARMUP,
                    SECONDS, cycles, cycles / (double) SECONDS));
            report.append("complete answer -> delivery, ms: ").append(percentiles(delays))
                    .append(", not delivered: ").append(missing).append('\n');
            report.append("API complete with the subscription, ms: ").append(percentiles(apiWith)).append('\n');

            api.put("/api/admin/webhooks/" + subscription, "{\"enabled\":false}");
            List<Long> apiWithout = Collections.synchronizedList(new ArrayList<>());
            run(api, SECONDS, apiWithout);
            report.append("API complete with no subscription enabled, ms: ").append(percentiles(apiWithout))
                    .append('\n');
        } finally {
            receiver.stop(0);
        }
        System.err.print(report);
        Path out = Path.of("target", "webhook-latency.txt");
        Files.writeString(out, report.toString());
    }

    private static String[] settings() {
        List<String> settings = new ArrayList<>(Webhooked.newDatabase());
        settings.add("opentask.webhooks.allow-private-targets=true");
        return settings.toArray(String[]::new);
    }

    /** {@code BOTS} bots run create, start, complete for {@code seconds}; answers the cycles run. */
    private int run(ApiClient api, int seconds, List<Long> completeMicros) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> bots = new ArrayList<>();
        int[] counts = new int[BOTS];
        for (int b = 0; b < BOTS; b++) {
            int bot = b;
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long id = api.createTask("bench-" + bot, "bench", "P2");
                    api.put("/api/tasks/" + id + "/start");
                    long sent = System.nanoTime();
                    ApiClient.Response done = api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}");
                    long answered = System.nanoTime();
                    if (done.status() == 200) {
                        completedAt.put(id, answered);
                        completeMicros.add((answered - sent) / 1000);
                        counts[bot]++;
                    }
                }
            });
            thread.start();
            bots.add(thread);
        }
        for (Thread thread : bots) {
            thread.join();
        }
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    /** p50, p95, p99 and max of microsecond figures, in milliseconds. */
    private static String percentiles(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format("n %d, p50 %.1f, p95 %.1f, p99 %.1f, max %.1f", sorted.size(), at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1000.0;
    }

    static {
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
