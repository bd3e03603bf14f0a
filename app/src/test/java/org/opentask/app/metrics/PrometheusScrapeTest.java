package org.opentask.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped alert rules and dashboard against Debian's real Prometheus: {@code promtool} checks the rules and runs
 * their unit tests, and a Prometheus server scrapes a running service, loads the rules, answers with the values of
 * metrics this test caused, and accepts every query of the Grafana dashboard. Skipped only where the
 * {@code prometheus} package is not installed (.ci/run installs it).
 */
class PrometheusScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void promtool_accepts_the_rules_and_their_unit_tests_pass() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "needs Debian's prometheus package (promtool); .ci/run installs it");
        Path rules = OPS.resolve("prometheus");
        assertThat(run(rules, PROMTOOL.toString(), "check", "rules", "opentask-alerts.yml"))
                .contains("SUCCESS: 6 rules found");
        assertThat(run(rules, PROMTOOL.toString(), "test", "rules", "opentask-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void a_real_prometheus_scrapes_the_service_and_answers_with_what_the_test_caused() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "needs Debian's prometheus package; .ci/run installs it");
        String bot = "scraped-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("opentask-prometheus-");
        Process prometheus = null;
        try (AppInstance app = AppInstance.start("spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                "spring.datasource.username=" + (TestDatabase.isMariaDb() ? "root" : "sa"),
                "spring.datasource.password=", "opentask.metrics.cache-for=0s")) {
            for (int i = 0; i < 3; i++) {
                app.api.createTask(bot, "scraped " + i, "P2");
            }
            assertThat(app.api.put("/api/tasks/" + app.api.createTask(bot, "to start", "P2") + "/start").status())
                    .isEqualTo(200);
            int management = Integer.parseInt(app.context.getEnvironment()
                    .getRequiredProperty("local.management.port"));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: opentask
                        metrics_path: /actuator/prometheus
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(OPS.resolve("prometheus/opentask-alerts.yml"), management));
            prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + port + "/api/v1/";

            assertThat(awaitValue(api, "opentask_tasks{job=\"opentask\",bot=\"" + bot + "\",status=\"pending\"}"))
                    .isEqualTo("3");
            assertThat(value(api, "opentask_tasks{bot=\"" + bot + "\",status=\"running\"}")).isEqualTo("1");
            assertThat(value(api, "opentask_task_events_total{event=\"created\"}")).isEqualTo("4");
            assertThat(value(api, "opentask_task_events_total{event=\"started\"}")).isEqualTo("1");
            assertThat(value(api, "opentask_ready")).isEqualTo("1");
            assertThat(value(api, "up{job=\"opentask\"}")).isEqualTo("1");
            assertThat(value(api, "sum(commandBus_successCounter_total{payloadType=\"CreateTaskCommand\"})"))
                    .isEqualTo("4");

            JsonNode rules = get(api + "rules").path("data").path("groups");
            assertThat(rules.size()).isEqualTo(1);
            assertThat(rules.get(0).path("rules").size()).isEqualTo(6);
            assertThat(rules.get(0).path("rules").get(0).path("health").asString()).isIn("ok", "unknown");

            for (String expr : dashboardQueries()) {
                JsonNode answer = get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
                assertThat(answer.path("status").asString()).as(expr).isEqualTo("success");
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Every query of the dashboard, with Grafana's variables given values Prometheus takes. */
    private static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = JSON.readTree(Files.readString(OPS.resolve("grafana/opentask-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asString().replace("$__rate_interval", "1m")
                        .replace("$job", ".*").replace("$bot", ".*"));
            }
        }
        assertThat(queries).hasSizeGreaterThan(10);
        return queries;
    }

    /** Waits until Prometheus has scraped the series, and answers its value. */
    private String awaitValue(String api, String query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                String value = value(api, query);
                if (value != null) {
                    return value;
                }
            } catch (java.io.IOException | tools.jackson.core.JacksonException notYet) {
                // Prometheus still starting ("Service Unavailable")
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query);
    }

    private String value(String api, String query) throws Exception {
        JsonNode result = get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("data").path("result");
        return result.isEmpty() ? null : result.get(0).path("value").get(1).asString();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
