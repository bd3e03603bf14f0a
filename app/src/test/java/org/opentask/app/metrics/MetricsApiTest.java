package org.opentask.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;

/**
 * {@code /actuator/prometheus} on the management port, read as Prometheus reads it, after calls this test made on a
 * service of its own (so every counter starts at zero): each metric the operator's questions need is there, with
 * the value the calls caused.
 */
class MetricsApiTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void the_scrape_answers_with_the_values_the_calls_caused() throws Exception {
        String url = TestDatabase.newDatabaseUrl();
        String user = TestDatabase.isMariaDb() ? "root" : "sa";
        // the sweep of this instance waits an hour, so that an ended lease stays visible until the second one sweeps
        try (AppInstance app = AppInstance.start("spring.datasource.url=" + url, "spring.datasource.username=" + user,
                "spring.datasource.password=", "opentask.metrics.cache-for=0s", "opentask.timers.polling-interval=1h",
                "opentask.metrics.max-bots=3", "opentask.security.bot-keys.registered-bot=key-of-registered-bot")) {
            ApiClient api = app.api;
            String scrape = "http://127.0.0.1:" + app.context.getEnvironment()
                    .getRequiredProperty("local.management.port") + "/actuator/prometheus";

            // anna: 3 pending, 1 completed, 1 failed and retried (pending again), 1 cancelled; bob: 2 pending;
            // carl: 1 pending, dora: 1 running whose lease ends after a second
            for (int i = 0; i < 3; i++) {
                api.createTask("anna", "wait " + i, "P2");
            }
            long done = api.createTask("anna", "done", "P1");
            assertThat(api.put("/api/tasks/" + done + "/start").status()).isEqualTo(200);
            assertThat(api.put("/api/tasks/" + done + "/complete", "{\"result\":\"ok\"}").status()).isEqualTo(200);
            assertThat(api.put("/api/tasks/" + done + "/start").status()).isEqualTo(409);
            long failing = api.createTask("anna", "fails", "P1");
            assertThat(api.put("/api/tasks/" + failing + "/start").status()).isEqualTo(200);
            assertThat(api.put("/api/tasks/" + failing + "/fail", "{\"error_message\":\"x\"}").status()).isEqualTo(200);
            assertThat(api.put("/api/tasks/" + failing + "/retry").status()).isEqualTo(200);
            long cancelled = api.createTask("anna", "cancelled", "P2");
            assertThat(api.put("/api/tasks/" + cancelled + "/cancel").status()).isEqualTo(200);
            api.createTask("bob", "b1", "P2");
            api.createTask("bob", "b2", "P2");
            api.createTask("carl", "c1", "P2");
            long leased = api.post("/api/tasks", "{\"task_name\":\"dies\",\"assigned_to\":\"dora\",\"timeout_seconds\":1}")
                    .json().get("id").asLong();
            assertThat(api.put("/api/tasks/" + leased + "/start").status()).isEqualTo(200);

            // a claimer waits for erin, then gets the task created for her
            CompletableFuture<ApiClient.Response> claim = api.sendAsync(api.request(
                    "/api/tasks/claim?assigned_to=erin&wait=30").POST(HttpRequest.BodyPublishers.noBody()));
            awaitLine(scrape, "opentask_claim_waiters{", v -> v == 1);
            api.createTask("erin", "for the waiting claimer", "P2");
            assertThat(claim.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            Thread.sleep(1200);

            String text = get(scrape);
            // tasks by bot and status, read from the read model; the registered bot is named though it has none
            assertThat(value(text, "opentask_tasks", "bot=\"anna\"", "status=\"pending\"")).isEqualTo(4);
            assertThat(value(text, "opentask_tasks", "bot=\"anna\"", "status=\"completed\"")).isEqualTo(1);
            assertThat(value(text, "opentask_tasks", "bot=\"anna\"", "status=\"cancelled\"")).isEqualTo(1);
            assertThat(value(text, "opentask_tasks", "bot=\"bob\"", "status=\"pending\"")).isEqualTo(2);
            assertThat(value(text, "opentask_tasks", "bot=\"registered-bot\"", "status=\"pending\"")).isEqualTo(0);
            // at most three bots are named: carl (one pending), dora and erin (one running each) are summed
            assertThat(text).doesNotContain("bot=\"carl\"").doesNotContain("bot=\"dora\"");
            assertThat(value(text, "opentask_tasks", "bot=\"_other\"", "status=\"pending\"")).isEqualTo(1);
            assertThat(value(text, "opentask_tasks", "bot=\"_other\"", "status=\"running\"")).isEqualTo(2);
            assertThat(value(text, "opentask_tasks_lease_overdue", "bot=\"_other\"")).isEqualTo(1);
            assertThat(value(text, "opentask_oldest_pending_task_age_seconds", "bot=\"anna\"")).isGreaterThan(0.5);
            assertThat(value(text, "opentask_oldest_pending_task_age_seconds", "bot=\"registered-bot\"")).isZero();
            // task events as they committed
            assertThat(value(text, "opentask_task_events_total", "event=\"created\"")).isEqualTo(11);
            assertThat(value(text, "opentask_task_events_total", "event=\"started\"")).isEqualTo(4);
            assertThat(value(text, "opentask_task_events_total", "event=\"completed\"")).isEqualTo(1);
            assertThat(value(text, "opentask_task_events_total", "event=\"failed\"")).isEqualTo(1);
            assertThat(value(text, "opentask_task_events_total", "event=\"retried\"")).isEqualTo(1);
            assertThat(value(text, "opentask_task_events_total", "event=\"cancelled\"")).isEqualTo(1);
            assertThat(value(text, "opentask_task_events_total", "event=\"lease_expired\"")).isZero();
            // claims
            assertThat(value(text, "opentask_claim_waiters")).isZero();
            assertThat(value(text, "opentask_claim_handover_seconds_count")).isEqualTo(1);
            // Axon: command handling, failures (the refused start), processors
            assertThat(value(text, "commandBus_successCounter_total", "payloadType=\"CreateTaskCommand\""))
                    .isEqualTo(11);
            // a refusal decided on a cached task is decided once more on the stored one: one or two failures
            assertThat(value(text, "commandBus_failureCounter_total", "payloadType=\"StartTaskCommand\""))
                    .isBetween(1.0, 2.0);
            assertThat(value(text, "commandBus_successCounter_total", "payloadType=\"StartTaskCommand\""))
                    .isEqualTo(4);
            assertThat(value(text, "commandBus_allTimer_seconds_count", "payloadType=\"StartTaskCommand\""))
                    .isGreaterThanOrEqualTo(5);
            assertThat(value(text, "eventProcessor_successCounter_total", "processorName=\"in-transaction\"",
                    "payloadType=\"TaskCreatedEvent\"")).isEqualTo(11);
            // Axon's timers carry count and sum, no quantiles computed per instance; no per-filter security series
            assertThat(value(text, "eventProcessor_allTimer_seconds_sum", "processorName=\"in-transaction\"",
                    "payloadType=\"TaskCreatedEvent\"")).isPositive();
            assertThat(text).doesNotContainPattern(
                    "(?m)^(commandBus|eventStore|queryBus|eventProcessor)_\\w+_seconds\\{[^}]*quantile=");
            // a tracking processor's events too, timed (the analytics read in batches, a moment after the commit)
            assertThat(value(text, "eventProcessor_allTimer_seconds_count", "processorName=\"task-analytics\"",
                    "payloadType=\"TaskCreatedEvent\"")).isEqualTo(11);
            assertThat(value(text, "eventStore_successCounter_total", "payloadType=\"TaskCreatedEvent\""))
                    .isEqualTo(11);
            // each message's time and outcome only: no capacity window, no per-outcome timers, no latency gauge
            assertThat(text).doesNotContainPattern("(?m)^(commandBus|eventStore|queryBus|eventProcessor)_"
                    + "(capacity|latency|successTimer|failureTimer|ignoredTimer|ingestedCounter|processedCounter)");
            assertThat(text).doesNotContain("spring_security_");
            // requests are timed when they end, with no long-task timer of those in flight
            assertThat(text).doesNotContain("http_server_requests_active");
            // the lease sweep, the pools, HTTP, the JVM, readiness
            assertThat(value(text, "opentask_lease_sweep_failures_total")).isZero();
            assertThat(value(text, "hikaricp_connections_max", "pool=\"transactions\"")).isPositive();
            assertThat(value(text, "hikaricp_connections_max", "pool=\"autocommit\"")).isPositive();
            assertThat(value(text, "http_server_requests_seconds_count", "uri=\"/api/tasks\"", "method=\"POST\"",
                    "status=\"200\"")).isEqualTo(11);
            assertThat(value(text, "http_server_requests_seconds_bucket", "uri=\"/api/tasks\"", "method=\"POST\"",
                    "status=\"200\"", "le=\"+Inf\"")).isEqualTo(11);
            assertThat(value(text, "jvm_threads_live_threads")).isPositive();
            assertThat(value(text, "opentask_ready")).isEqualTo(1);
            assertThat(value(text, "opentask_database_reachable")).isEqualTo(1);
            // the analytics processor catches up with the head
            awaitLine(scrape, "opentask_event_processor_lag_events{processor=\"task-analytics\"}", v -> v == 0);
            awaitLine(scrape, "opentask_event_processor_lag_seconds{processor=\"task-analytics\"}", v -> v == 0);

            // a second instance sweeps: the ended lease expires there, and the first sees no overdue lease any more
            try (AppInstance sweeper = AppInstance.start("spring.datasource.url=" + url,
                    "spring.datasource.username=" + user, "spring.datasource.password=",
                    "opentask.timers.polling-interval=200ms")) {
                String sweeperScrape = "http://127.0.0.1:" + sweeper.context.getEnvironment()
                        .getRequiredProperty("local.management.port") + "/actuator/prometheus";
                awaitLine(sweeperScrape, "opentask_task_events_total{application=\"opentask\",event=\"lease_expired\"}",
                        v -> v == 1);
                assertThat(value(get(sweeperScrape), "opentask_lease_sweep_commands_total",
                        "command=\"expire_lease\"")).isEqualTo(1);
                awaitLine(scrape, "opentask_tasks_lease_overdue{bot=\"_other\"}", v -> v == 0);
            }
        }
    }

    @Test
    void liveness_and_readiness_answer_on_the_management_port_only() throws Exception {
        try (AppInstance app = AppInstance.start("spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                "spring.datasource.username=" + (TestDatabase.isMariaDb() ? "root" : "sa"),
                "spring.datasource.password=")) {
            String management = "http://127.0.0.1:" + app.context.getEnvironment()
                    .getRequiredProperty("local.management.port");
            assertThat(get(management + "/actuator/health/liveness")).contains("\"status\":\"UP\"");
            assertThat(get(management + "/actuator/health/readiness")).contains("\"database\"")
                    .contains("\"replay\"").contains("\"status\":\"UP\"");
            assertThat(app.api.get("/actuator/prometheus").status()).isEqualTo(404);
            assertThat(app.api.get("/health").json().get("status").asString()).isEqualTo("healthy");
        }
    }

    private void awaitLine(String scrape, String prefix, Predicate<Double> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = Arrays.stream(get(scrape).split("\n")).filter(line -> line.startsWith(prefix)).findFirst()
                    .orElse(null);
            if (last != null && expected.test(Double.parseDouble(last.substring(last.lastIndexOf(' ') + 1)))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached: " + prefix + ", last " + last);
    }

    /** The value of the one sample of {@code name} that has all of {@code labels}. */
    private static double value(String text, String name, String... labels) {
        var samples = Arrays.stream(text.split("\n"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains)).toList();
        assertThat(samples).as(name + " " + Arrays.toString(labels)).hasSize(1);
        String line = samples.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
