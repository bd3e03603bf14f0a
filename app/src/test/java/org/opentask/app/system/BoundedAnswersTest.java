package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentask.OpenTaskApplication;
import org.opentask.app.ApiClient;
import org.opentask.app.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No answer holds more than a bounded amount of memory: the service runs in a JVM of its own with a 512 MiB heap
 * (and dies at its first {@code OutOfMemoryError}), 500 tasks carry a 1 MiB description each (50 of them a 1 MiB
 * result or error message too), and every read the API has reads them all, page after page, alone and eight at a
 * time. Every call must answer 2xx and the service must still run at the end.
 */
class BoundedAnswersTest {

    private static final int TASKS = 500;
    private static final String MIB = "x".repeat(1024 * 1024);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger calls = new AtomicInteger();
    private int port;

    @Test
    void five_hundred_tasks_of_a_megabyte_read_every_way_in_a_512_mib_heap() throws Exception {
        port = freePort();
        String url = TestDatabase.isMariaDb() ? TestDatabase.newDatabaseUrl()
                : "jdbc:h2:file:" + dir.resolve("bounded").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100";
        Path log = Path.of("target", "bounded-answers-service.log");
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=target/bounded-answers-gc.log",
                "-cp", System.getProperty("java.class.path"),
                OpenTaskApplication.class.getName(),
                "--server.port=" + port, "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (TestDatabase.isMariaDb() ? "root" : "sa"),
                "--spring.datasource.password=", "--opentask.max-request-bytes=1200000",
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitHealthy(service, log);
            String bot = "big";
            List<Long> ids;
            try {
                ids = seed(bot);
            } catch (ExecutionException failed) {
                throw new AssertionError("seeding failed, the service's log ends with: " + tail(log), failed);
            }

            // lists, default and largest limit, filtered and not, page after page
            assertThat(walk("/api/tasks?assigned_to=" + bot, "X-Next-Offset", "offset")).isEqualTo(TASKS);
            assertThat(walk("/api/tasks?limit=10000&assigned_to=" + bot, "X-Next-Offset", "offset"))
                    .isEqualTo(TASKS);
            assertThat(walk("/api/tasks?limit=10000", "X-Next-Offset", "offset")).isEqualTo(TASKS);
            walk("/api/tasks?limit=10000&status=pending&priority=P2", "X-Next-Offset", "offset");
            walk("/api/tasks?limit=10000&status=failed&exhausted=false", "X-Next-Offset", "offset");
            assertThat(walk("/api/tasks/pending?limit=10000&assigned_to=" + bot, "X-Next-Offset", "offset"))
                    .isEqualTo(TASKS - 50);
            // every task, its audit trail, its events, and the task as it was
            String now = LocalDateTime.now().plusDays(1).withNano(0).toString();
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                assertThat(get("/api/tasks/" + id).body()).hasSizeGreaterThan(1024 * 1024);
                get("/api/logs/" + id);
                assertThat(walk("/api/tasks/" + id + "/events?limit=1000", "X-Next-After", "after"))
                        .isGreaterThanOrEqualTo(1);
                if (i % 25 == 0) {
                    get("/api/tasks/" + id + "?at=" + now);
                }
            }
            get("/api/stats/today");
            get("/api/stats/daily");
            // four readers at once, each reading everything at the largest limit
            ExecutorService readers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> all = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    all.add(readers.submit(() -> walk("/api/tasks?limit=10000", "X-Next-Offset", "offset")));
                }
                for (Future<Integer> read : all) {
                    assertThat(read.get(10, TimeUnit.MINUTES)).isEqualTo(TASKS);
                }
            } finally {
                readers.shutdownNow();
            }
            assertThat(service.isAlive()).as("the service still runs").isTrue();
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
            System.out.printf("bounded answers: %d calls, all 2xx, in a 512 MiB heap%n", calls.get());
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }

    private List<Long> seed(String bot) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> created = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                created.add(writers.submit(() -> {
                    long id = JSON.readTree(send("POST", "/api/tasks", "{\"task_name\":\"big " + n
                            + "\",\"assigned_to\":\"" + bot + "\",\"task_description\":\"" + MIB + "\"}").body())
                            .get("id").asLong();
                    if (n % 10 == 0) {
                        send("PUT", "/api/tasks/" + id + "/start", null);
                        if (n % 20 == 0) {
                            send("PUT", "/api/tasks/" + id + "/complete", "{\"result\":\"" + MIB + "\"}");
                        } else {
                            send("PUT", "/api/tasks/" + id + "/fail", "{\"error_message\":\"" + MIB + "\"}");
                        }
                    }
                    return id;
                }));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> id : created) {
                ids.add(id.get(10, TimeUnit.MINUTES));
            }
            return ids;
        } finally {
            writers.shutdownNow();
        }
    }

    /** Reads {@code path} and every next page its answers point to; answers how many items all pages held. */
    private int walk(String path, String nextHeader, String parameter) throws Exception {
        int items = 0;
        String next = path;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages of " + path).isLessThan(10_000);
            HttpResponse<String> page = get(next);
            JsonNode array = JSON.readTree(page.body());
            items += array.size();
            String value = page.headers().firstValue(nextHeader).orElse(null);
            next = value == null ? null : path + (path.contains("?") ? "&" : "?") + parameter + "=" + value;
        }
        return items;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).header("X-Bot-Key", ApiClient.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        calls.incrementAndGet();
        assertThat(response.statusCode()).as(method + " " + path).isBetween(200, 299);
        return response;
    }

    private void awaitHealthy(Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive()).as("the service started: " + tail(log)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service did not start: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
