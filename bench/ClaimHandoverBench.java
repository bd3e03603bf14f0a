import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures, against a running OpenTask, how fast a task reaches a claimer that waits for it (long-poll), and how
 * fast concurrent claimers drain a bot's queue. Runs with the JDK alone:
 *
 * <pre>
 *   java bench/ClaimHandoverBench.java [--url URL] [--create-url URL] [--rounds N] [--key KEY]
 * </pre>
 *
 * Hand-over: each round a claimer waits ({@code wait=30}) for a bot with no tasks; once it is waiting, a task is
 * created for the bot; the time runs from the create's 2xx (and, second figure, from sending the create) to the
 * claimer's 200. {@code --create-url} creates through another instance, to measure a hand-over between instances
 * (the task is then created at a random point of the other instance's re-check cycle).
 * Drain: 50 claimers take 200 pending tasks of one bot, each claiming until 204.
 */
public class ClaimHandoverBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String createUrl;
    private final String key;

    ClaimHandoverBench(String url, String createUrl, String key) {
        this.url = url;
        this.createUrl = createUrl;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8090";
        String createUrl = null;
        String key = System.getenv().getOrDefault("OPENTASK_KEY", "hope-bot-apikey-2026-0424");
        int rounds = 200;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--create-url" -> createUrl = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--key" -> key = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ClaimHandoverBench bench = new ClaimHandoverBench(url, createUrl == null ? url : createUrl, key);
        System.out.printf("OpenTask claim benchmark against %s%s%n", url,
                createUrl == null ? "" : " (tasks created through " + createUrl + ")");
        bench.handover(30, false);
        bench.handover(rounds, true);
        if (createUrl == null) {
            bench.drain(50, 200);
        }
    }

    /** {@code rounds} hand-overs to a waiting claimer; printed unless it is the warm-up. */
    void handover(int rounds, boolean report) throws Exception {
        String bot = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        long[] fromAnswer = new long[rounds];
        long[] fromSend = new long[rounds];
        int early = 0;
        for (int round = 0; round < rounds; round++) {
            CompletableFuture<long[]> claimed = http.sendAsync(post(url, "/api/tasks/claim?assigned_to=" + bot
                            + "&wait=30", null).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new long[] {System.nanoTime(), response.statusCode(), id(response.body())});
            // the claimer's first look and its registration take a few milliseconds; between instances, a random
            // pause more, or every round would fall at the same point of the other instance's re-check cycle
            Thread.sleep(100 + (url.equals(createUrl) ? 0 : ThreadLocalRandom.current().nextInt(1000)));
            if (claimed.isDone()) {
                throw new IllegalStateException("the claimer answered before any task existed: " + claimed.get()[1]);
            }
            long sent = System.nanoTime();
            HttpResponse<String> created = http.send(post(createUrl, "/api/tasks",
                    "{\"task_name\":\"round " + round + "\",\"assigned_to\":\"" + bot + "\"}").build(),
                    HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (created.statusCode() != 200) {
                throw new IllegalStateException("create failed: " + created.statusCode() + " " + created.body());
            }
            long[] claim = claimed.get(60, TimeUnit.SECONDS);
            if (claim[1] != 200 || claim[2] != id(created.body())) {
                throw new IllegalStateException("round " + round + ": claimer got " + claim[1] + " task " + claim[2]
                        + ", created " + id(created.body()));
            }
            fromAnswer[round] = claim[0] - answered;
            fromSend[round] = claim[0] - sent;
            if (claim[0] < answered) {
                early++;
            }
        }
        if (report) {
            System.out.printf("hand-over, %d rounds: from create's 2xx to the claimer's 200: %s%n", rounds,
                    percentiles(fromAnswer));
            System.out.printf("                      from sending the create to the claimer's 200: %s%n",
                    percentiles(fromSend));
            System.out.printf("                      claimer answered before the creator had its 2xx: %d of %d%n",
                    early, rounds);
        }
    }

    /** {@code claimers} claim concurrently until their bot's {@code tasks} tasks are all taken. */
    void drain(int claimers, int tasks) throws Exception {
        String bot = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        Set<Long> created = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<CompletableFuture<Void>> creating = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int worker = i;
            creating.add(CompletableFuture.runAsync(() -> {
                for (int t = worker; t < tasks; t += 8) {
                    created.add(id(send(post(createUrl, "/api/tasks",
                            "{\"task_name\":\"drain " + t + "\",\"assigned_to\":\"" + bot + "\"}")).body()));
                }
            }, pool));
        }
        CompletableFuture.allOf(creating.toArray(CompletableFuture[]::new)).join();
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                while (true) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = send(post(url, "/api/tasks/claim?assigned_to=" + bot, null));
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() == 204) {
                        return;
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("claim answered " + response.statusCode() + " "
                                + response.body());
                    }
                    claimed.add(id(response.body()));
                }
            }, pool));
        }
        long start = System.nanoTime();
        go.countDown();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        boolean exact = claimed.size() == tasks && new HashSet<>(claimed).equals(created);
        System.out.printf("drain: %d claimers took %d tasks in %d ms (%.0f claims/s), each exactly once: %s;"
                        + " one claim call: %s%n", claimers, claimed.size(), TimeUnit.NANOSECONDS.toMillis(elapsed),
                claimed.size() / (elapsed / 1e9), exact,
                percentiles(latencies.stream().mapToLong(Long::longValue).toArray()));
    }

    private HttpRequest.Builder post(String base, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("X-Bot-Key", key);
        if (json == null) {
            return request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long id(String json) {
        Matcher matcher = ID.matcher(json == null ? "" : json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", ms(at(sorted, 0.50)),
                ms(at(sorted, 0.90)), ms(at(sorted, 0.99)), ms(sorted[sorted.length - 1]));
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
