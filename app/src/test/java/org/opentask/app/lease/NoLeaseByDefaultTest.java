package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentask.OpenTaskApplication;
import org.opentask.app.ApiClient;
import org.opentask.app.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * A client written for the original service creates tasks without {@code timeout_seconds} and never sends a
 * heartbeat: by default its tasks have no lease, and one is still running when the engine's clock has moved past
 * the old default lease (30 minutes) and past the longest lease there is (7 days), while a task that asked for a
 * 30-minute lease is failed by the same sweep. Instead the long-running task is listed as stale. The engine runs
 * with its own settings, on a clock the test moves (every "now" of the engine reads it: starts, the sweep, the
 * stale list).
 */
class NoLeaseByDefaultTest {

    private static final AtomicReference<Duration> SHIFT = new AtomicReference<>(Duration.ZERO);
    private static ConfigurableApplicationContext context;
    private static ApiClient api;

    /** Not a component (the tests' classes are on the scanned path): given to the application as a source. */
    static class ShiftedClock {

        @Bean
        @Primary
        Clock shiftedClock(ZoneId serverZone) {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return serverZone;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return Clock.offset(Clock.system(zone), SHIFT.get());
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(SHIFT.get());
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        String user = TestDatabase.isMariaDb() ? System.getProperty("opentask.test.mariadb.user", "root") : "sa";
        String password = TestDatabase.isMariaDb() ? System.getProperty("opentask.test.mariadb.password", "") : "";
        context = new SpringApplicationBuilder(OpenTaskApplication.class, ShiftedClock.class)
                .main(OpenTaskApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
                        "--spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                        "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                        "--opentask.timers.polling-interval=100ms");
        api = new ApiClient(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void a_task_created_without_timeout_and_never_heartbeaten_keeps_running_past_any_lease() throws Exception {
        JsonNode plain = api.post("/api/tasks", "{\"task_name\":\"long crawl\",\"assigned_to\":\"oldbot\"}").json();
        JsonNode leased = api.post("/api/tasks",
                "{\"task_name\":\"leased\",\"assigned_to\":\"oldbot\",\"timeout_seconds\":1800}").json();
        assertThat(plain.get("timeout_seconds").asInt()).isZero();
        long id = plain.get("id").asLong();
        long leasedId = leased.get("id").asLong();
        JsonNode started = api.put("/api/tasks/" + id + "/start").json();
        assertThat(started.get("lease_expires_time").isNull()).isTrue();
        assertThat(api.put("/api/tasks/" + leasedId + "/start").json().get("lease_expires_time").isNull()).isFalse();
        assertThat(ids(api.get("/api/tasks/stale?assigned_to=oldbot").json())).doesNotContain(id);

        // 31 minutes later: the leased task's lease has ended and the sweep fails it; the plain one runs on
        SHIFT.set(Duration.ofMinutes(31));
        JsonNode failed = await(leasedId, "failed");
        assertThat(failed.get("error_message").asText()).startsWith("Lease expired");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asText()).isEqualTo("running");
        assertThat(ids(api.get("/api/tasks/stale?assigned_to=oldbot").json())).containsExactly(id);
        assertThat(consoleDashboard()).contains("id=\"stale-table\"").contains("data-task=\"" + id + "\"")
                .doesNotContain("data-task=\"" + leasedId + "\"");

        // eight days later, past the longest lease a task can ask for: a sweep at that time leaves it running
        SHIFT.set(Duration.ofDays(8));
        context.getBean(LeaseSweep.class).sweep();
        assertThat(api.get("/api/tasks/" + id).json().get("status").asText()).isEqualTo("running");

        // and the bot's late complete is an ordinary one, not a 409
        ApiClient.Response done = api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done at last\"}");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("completed");
        JsonNode log = api.get("/api/logs/" + id).json();
        for (JsonNode row : log) {
            assertThat(row.get("action").asText()).isNotEqualTo("expire");
        }
        assertThat(ids(api.get("/api/tasks/stale").json())).doesNotContain(id);
    }

    @Test
    void the_stale_list_names_a_bad_limit() {
        ApiClient.Response response = api.get("/api/tasks/stale?limit=0");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.detail()).contains("limit");
    }

    /** The dashboard's today part, as an operator signed in to the console sees it. */
    private static String consoleDashboard() throws Exception {
        var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        String base = ApiClient.baseUrl(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
        String login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/web/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as(login).isTrue();
        String form = "name=ops&key=" + ApiClient.KEY + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1),
                java.nio.charset.StandardCharsets.UTF_8);
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/web/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/web/dashboard/today"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode await(long id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode task = api.get("/api/tasks/" + id).json();
        while (!task.get("status").asText().equals(status)) {
            assertThat(System.nanoTime()).as("task %d did not become %s: %s", id, status, task).isLessThan(deadline);
            Thread.sleep(50);
            task = api.get("/api/tasks/" + id).json();
        }
        return task;
    }

    private static java.util.List<Long> ids(JsonNode tasks) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        tasks.forEach(task -> ids.add(task.get("id").asLong()));
        return ids;
    }
}
