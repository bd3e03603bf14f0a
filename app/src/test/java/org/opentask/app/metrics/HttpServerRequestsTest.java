package org.opentask.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;

/**
 * {@code http_server_requests_seconds} as a real Prometheus scrape shows it after real calls: the series carry the
 * labels Spring Boot's HTTP observation gave them (each expected line below is what the observation wrote for the
 * same call), so dashboards and alert rules read the same series, long polls included.
 */
class HttpServerRequestsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String COUNT = "http_server_requests_seconds_count";

    private static AppInstance app;
    private static String scrape;

    @BeforeAll
    static void start() {
        app = AppInstance.start("spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                "spring.datasource.username=" + (TestDatabase.isMariaDb() ? "root" : "sa"),
                "spring.datasource.password=");
        scrape = "http://127.0.0.1:" + app.context.getEnvironment().getRequiredProperty("local.management.port")
                + "/actuator/prometheus";
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_route_is_labelled_with_its_pattern_method_status_and_outcome() throws Exception {
        ApiClient api = app.api;
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/tasks/pending?assigned_to=anna").status()).isEqualTo(200);
        }
        assertThat(api.get("/api/tasks/987654").status()).isEqualTo(404);
        assertThat(api.put("/api/tasks/987654/start").status()).isEqualTo(404);
        assertThat(api.call("POST", "/api/tasks", "application/json", "{bad").status()).isEqualTo(400);

        String text = get(scrape);
        assertThat(labelsOf(text, COUNT, "uri=\"/api/tasks/pending\"")).isEqualTo("{application=\"opentask\","
                + "error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/api/tasks/pending\"}");
        assertThat(value(text, COUNT, "uri=\"/api/tasks/pending\"")).isEqualTo(3);
        assertThat(labelsOf(text, COUNT, "uri=\"/api/tasks/{id}\"")).isEqualTo("{application=\"opentask\","
                + "error=\"none\",exception=\"none\",method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\","
                + "uri=\"/api/tasks/{id}\"}");
        assertThat(labelsOf(text, COUNT, "uri=\"/api/tasks/{id}/start\"")).isEqualTo("{application=\"opentask\","
                + "error=\"none\",exception=\"none\",method=\"PUT\",outcome=\"CLIENT_ERROR\",status=\"404\","
                + "uri=\"/api/tasks/{id}/start\"}");
        assertThat(labelsOf(text, COUNT, "uri=\"/api/tasks\"", "status=\"400\"")).isEqualTo(
                "{application=\"opentask\",error=\"none\",exception=\"none\",method=\"POST\","
                        + "outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/api/tasks\"}");
        // the SLO buckets of application.properties apply to the meter
        assertThat(value(text, "http_server_requests_seconds_bucket", "uri=\"/api/tasks/pending\"",
                "le=\"0.005\"")).isBetween(0.0, 3.0);
        assertThat(value(text, "http_server_requests_seconds_bucket", "uri=\"/api/tasks/pending\"",
                "le=\"5.0\"")).isEqualTo(3);
        assertThat(value(text, "http_server_requests_seconds_sum", "uri=\"/api/tasks/pending\"")).isPositive();
    }

    @Test
    void requests_no_route_matched_are_labelled_by_what_answered_them() throws Exception {
        ApiClient api = app.api;
        // refused before any route: the key is missing
        assertThat(api.send(api.requestWithoutKey("/api/tasks/1")).status()).isEqualTo(401);
        // the console's landing page redirects
        assertThat(api.send(api.requestWithoutKey("/")).status()).isEqualTo(302);
        // a method no route knows
        assertThat(api.call("PROPFIND", "/api/tasks/pending", null, null).status()).isBetween(400, 499);

        String text = get(scrape);
        assertThat(labelsOf(text, COUNT, "status=\"401\"")).isEqualTo("{application=\"opentask\",error=\"none\","
                + "exception=\"none\",method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"401\",uri=\"UNKNOWN\"}");
        assertThat(labelsOf(text, COUNT, "status=\"302\"")).isEqualTo("{application=\"opentask\",error=\"none\","
                + "exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"/\"}");
        assertThat(lines(text, COUNT, "method=\"UNKNOWN\"")).hasSize(1);
    }

    @Test
    void a_long_poll_is_timed_until_its_answer() throws Exception {
        ApiClient api = app.api;
        // nothing arrives: the claim answers 204 after its wait
        assertThat(api.post("/api/tasks/claim?assigned_to=nobody-here&wait=1", "").status()).isEqualTo(204);
        // a task arrives while the claimer waits
        CompletableFuture<ApiClient.Response> claim = api.sendAsync(api.request(
                "/api/tasks/claim?assigned_to=late-bot&wait=30").POST(HttpRequest.BodyPublishers.noBody()));
        Thread.sleep(500);
        api.createTask("late-bot", "for the waiting claimer", "P2");
        assertThat(claim.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);

        String text = get(scrape);
        assertThat(labelsOf(text, COUNT, "uri=\"/api/tasks/claim\"", "status=\"204\"")).isEqualTo(
                "{application=\"opentask\",error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SUCCESS\","
                        + "status=\"204\",uri=\"/api/tasks/claim\"}");
        assertThat(value(text, "http_server_requests_seconds_sum", "uri=\"/api/tasks/claim\"", "status=\"204\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value(text, COUNT, "uri=\"/api/tasks/claim\"", "status=\"200\"")).isEqualTo(1);
        assertThat(value(text, "http_server_requests_seconds_sum", "uri=\"/api/tasks/claim\"", "status=\"200\""))
                .isGreaterThanOrEqualTo(0.4);
    }

    private static List<String> lines(String text, String name, String... labels) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains)).toList();
    }

    private static String labelsOf(String text, String name, String... labels) {
        List<String> found = lines(text, name, labels);
        assertThat(found).as(name + " " + Arrays.toString(labels)).hasSize(1);
        String line = found.get(0);
        return line.substring(name.length(), line.lastIndexOf('}') + 1);
    }

    private static double value(String text, String name, String... labels) {
        List<String> found = lines(text, name, labels);
        assertThat(found).as(name + " " + Arrays.toString(labels)).hasSize(1);
        String line = found.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
