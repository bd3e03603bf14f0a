package org.opentask.app.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;

/**
 * The database goes away under load and comes back: a MariaDB server of the test's own is stopped for five seconds
 * while four clients create tasks and read a bot's queue, then started again. Measured from outside, through the
 * API and the management port: every answer is a 200 or a 503 problem with {@code Retry-After}, none takes longer
 * than the pool's connection timeout, liveness stays up, readiness goes down and comes back, and the first create
 * after the database is back succeeds within a second. The figures are printed (docs/operations.md quotes them).
 */
class DatabaseOutageTest {

    private static final long CONNECTION_TIMEOUT_MILLIS = 2000;
    private static final int CLIENTS = 4;

    private record Call(String what, long startNanos, long endNanos, int status, String retryAfter,
                        String contentType, String body) {

        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void while_the_database_is_away_calls_answer_503_fast_and_the_first_create_after_it_returns_succeeds()
            throws Exception {
        assumeTrue(PrivateMariaDb.available(), "needs Debian's mariadb-server (mariadbd, mariadb-install-db) to run"
                + " a MariaDB server of its own; .ci/run installs it");
        try (PrivateMariaDb db = PrivateMariaDb.create()) {
            db.createDatabase("outage");
            try (AppInstance app = AppInstance.start("spring.datasource.url=" + db.url("outage"),
                    "spring.datasource.username=root", "spring.datasource.password=",
                    "spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT_MILLIS)) {
                int management = Integer.parseInt(app.context.getEnvironment()
                        .getRequiredProperty("local.management.port"));
                run(app.port, management, db);
            }
        }
    }

    private void run(int port, int management, PrivateMariaDb db) throws Exception {
        String base = ApiClient.baseUrl(port);
        String probes = "http://127.0.0.1:" + management + "/actuator/health/";
        assertThat(call("create", create(base)).status()).isEqualTo(200);
        assertThat(call("readiness", get(probes + "readiness")).status()).isEqualTo(200);

        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<Call> health = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean going = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (going.get()) {
                    calls.add(call("create", create(base)));
                    calls.add(call("pending", get(base + "/api/tasks/pending?assigned_to=outage-bot")
                            .header("X-Bot-Key", ApiClient.KEY)));
                }
            });
        }
        clients.execute(() -> {
            while (going.get()) {
                health.add(call("liveness", get(probes + "liveness")));
                health.add(call("readiness", get(probes + "readiness")));
                sleep(50);
            }
        });

        Thread.sleep(2000);
        long stopped = System.nanoTime();
        db.stop();
        Thread.sleep(5000);
        db.start();
        long back = System.nanoTime();
        Thread.sleep(3000);
        going.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Call> all = List.copyOf(calls);
        List<Call> during = all.stream().filter(c -> c.endNanos > stopped && c.startNanos < back).toList();
        List<Call> unavailable = all.stream().filter(c -> c.status == 503).toList();
        Call firstCreateAfter = all.stream().filter(c -> c.what.equals("create") && c.status == 200
                        && c.startNanos >= back).min((a, b) -> Long.compare(a.endNanos, b.endNanos))
                .orElseThrow(() -> new AssertionError("no create succeeded after the database came back"));
        double recoveryMillis = (firstCreateAfter.endNanos - back) / 1e6;
        double slowestMillis = all.stream().mapToDouble(Call::millis).max().orElse(0);
        double slowestUnavailable = unavailable.stream().mapToDouble(Call::millis).max().orElse(0);
        List<Call> probesDuring = health.stream()
                .filter(c -> c.startNanos > stopped + 3_000_000_000L && c.endNanos < back).toList();
        Call readyAgain = health.stream().filter(c -> c.what.equals("readiness") && c.status == 200
                        && c.startNanos >= back).findFirst()
                .orElseThrow(() -> new AssertionError("readiness never came back"));

        System.out.printf("database outage: %d calls, %d during the outage, %d answered 503 (slowest %.0f ms),"
                        + " slowest call %.0f ms; first create after the database came back: %.0f ms; readiness up"
                        + " again after %.0f ms; statuses %s%n",
                all.size(), during.size(), unavailable.size(), slowestUnavailable, slowestMillis, recoveryMillis,
                (readyAgain.endNanos - back) / 1e6,
                all.stream().collect(java.util.stream.Collectors.groupingBy(Call::status,
                        java.util.stream.Collectors.counting())));

        assertThat(all).allSatisfy(c -> assertThat(c.status).as(c.toString()).isIn(200, 503));
        assertThat(unavailable).isNotEmpty().allSatisfy(c -> {
            assertThat(c.retryAfter).as(c.toString()).isNotNull();
            assertThat(c.contentType).as(c.toString()).startsWith("application/problem+json");
            assertThat(c.body).contains("\"status\":503").contains("database is unreachable");
        });
        // a call waits at most the connection timeout for the database, then answers; the margin is the answer's own
        // work on a machine whose two cores other builds share
        assertThat(slowestMillis).as("no call waits longer than the connection timeout")
                .isLessThanOrEqualTo(CONNECTION_TIMEOUT_MILLIS + 750);
        assertThat(recoveryMillis).as("first create after the database is back").isLessThan(1000);
        assertThat(health.stream().filter(c -> c.what.equals("liveness")))
                .as("liveness never depends on the database").allSatisfy(c -> assertThat(c.status).isEqualTo(200));
        assertThat(probesDuring.stream().filter(c -> c.what.equals("readiness")))
                .as("readiness while the database is away").isNotEmpty()
                .allSatisfy(c -> assertThat(c.status).isEqualTo(503));
        assertThat((readyAgain.endNanos - back) / 1e6).as("readiness back").isLessThan(1000);
    }

    private static HttpRequest.Builder create(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/api/tasks"))
                .header("X-Bot-Key", ApiClient.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_name\":\"t\",\"assigned_to\":\"outage-bot\"}"));
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private Call call(String what, HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Call(what, start, System.nanoTime(), response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (Exception e) {
            return new Call(what, start, System.nanoTime(), -1, null, "", e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
