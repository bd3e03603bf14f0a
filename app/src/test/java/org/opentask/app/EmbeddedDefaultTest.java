package org.opentask.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.OpenTaskApplication;
import tools.jackson.databind.JsonNode;

/**
 * The service as a user first starts it: its own JVM, in an empty working directory, with no database settings
 * at all. It must keep its tasks in an H2 file database under {@code ./data} across a restart, and phone nobody:
 * Axon's update checker, which Axon skips by itself inside a test runner, must not start in a plain JVM either.
 * Only the port is set ({@code PORT=0}), so that the test never collides with a service on 8090.
 */
class EmbeddedDefaultTest {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private Path workDir;
    private final List<Service> services = new ArrayList<>();

    /** One run of the service in its own JVM, with its output collected. */
    private static final class Service {

        final Process process;
        final StringBuffer output = new StringBuffer();
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        Service(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        output.append(line).append('\n');
                        Matcher started = STARTED.matcher(line);
                        if (started.find()) {
                            port.complete(Integer.parseInt(started.group(1)));
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                } finally {
                    port.completeExceptionally(new IllegalStateException("the service stopped before it started"));
                }
            }, "service-output");
            reader.setDaemon(true);
            reader.start();
        }

        ApiClient awaitStarted() throws Exception {
            try {
                return new ApiClient(port.get(180, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("the service did not start:\n" + output, e);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeEach
    void emptyWorkingDirectory() throws IOException {
        workDir = Files.createTempDirectory("opentask-default");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Service service : services) {
            service.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Starts {@code java OpenTaskApplication} in {@link #workDir}, without any database or key setting, with
     * {@code arguments} after the logging ones.
     */
    private Service start(String... arguments) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // user.home in the working directory: Axon's update checker, once started, writes ~/.axoniq there
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx384m",
                "-Duser.home=" + workDir,
                "-cp", System.getProperty("java.class.path"), OpenTaskApplication.class.getName(),
                // the logging level a user gets, whatever a logback-test.xml on the test classpath says:
                // the port and the database are read from the output
                "--logging.level.root=INFO",
                // only more logging: were the update checker set up, these would show it
                "--logging.level.org.axonframework.updates=DEBUG",
                "--logging.level.org.axonframework.config.UpdateCheckerConfigurerModule=DEBUG"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DB_") || name.startsWith("SPRING_")
                || name.startsWith("OPENTASK_") || name.startsWith("AXON") || name.equals("PORT"));
        env.put("PORT", "0");
        Service service = new Service(builder.start());
        services.add(service);
        return service;
    }

    @Test
    void with_no_settings_the_service_keeps_its_tasks_in_an_h2_file_under_data_across_a_restart() throws Exception {
        Service first = start();
        ApiClient api = first.awaitStarted();
        assertThat(first.output).contains("jdbc:h2:file:./data/opentask");
        assertThat(Files.isRegularFile(workDir.resolve("data/opentask.mv.db"))).isTrue();
        assertThat(api.get("/health").text()).isEqualTo("{\"status\":\"healthy\"}");

        long kept = api.createTask("anna", "survives a restart", "P1");
        assertThat(api.put("/api/tasks/" + kept + "/start").status()).isEqualTo(200);
        long deleted = api.createTask("anna", "deleted before the restart", "P2");
        assertThat(api.delete("/api/tasks/" + deleted).status()).isEqualTo(200);
        String before = api.get("/api/tasks/" + kept).text();
        String logBefore = api.get("/api/logs/" + kept).text();
        first.stop();

        Service second = start();
        api = second.awaitStarted();
        assertThat(api.get("/api/tasks/" + kept).text()).isEqualTo(before);
        assertThat(api.get("/api/logs/" + kept).text()).isEqualTo(logBefore);
        assertThat(api.get("/api/tasks/" + deleted).status()).isEqualTo(404);
        // the task's history is its events: they are read back to decide the next command
        assertThat(api.put("/api/tasks/" + kept + "/start").status()).isEqualTo(409);
        JsonNode completed = api.put("/api/tasks/" + kept + "/complete", "{\"result\":\"after restart\"}").json();
        assertThat(completed.get("status").asString()).isEqualTo("completed");
        // ids go on above the earlier ones, never reused
        assertThat(api.createTask("anna", "new", "P2")).isGreaterThan(Math.max(kept, deleted));
        second.stop();

        for (Service service : services) {
            assertThat(service.output.toString()).doesNotContain("UpdateChecker").doesNotContain("UnknownHost")
                    .doesNotContain("AxonServer");
        }
        assertThat(workDir.resolve(".axoniq")).doesNotExist();
    }

    /**
     * The replay from a shell (docs/replay.md): no web server, one replay of the embedded database, exit 0; the
     * service started again afterwards shows the same task and audit trail.
     */
    @Test
    void the_shell_replays_the_embedded_database_without_a_web_server() throws Exception {
        Service service = start();
        ApiClient api = service.awaitStarted();
        long id = api.createTask("anna", "replayed from a shell", "P1");
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        String before = api.get("/api/tasks/" + id).text();
        String logBefore = api.get("/api/logs/" + id).text();
        service.stop();

        Service shell = start("--spring.main.web-application-type=none", "--opentask.replay=all");
        assertThat(shell.process.waitFor(180, TimeUnit.SECONDS)).as("the shell replay ends").isTrue();
        assertThat(shell.process.exitValue()).as(shell.output.toString()).isZero();
        assertThat(shell.output.toString()).contains("replay: completed done, 2 of 2 events"); // created, started (with its lease)

        Service again = start();
        api = again.awaitStarted();
        assertThat(api.get("/api/tasks/" + id).text()).isEqualTo(before);
        assertThat(api.get("/api/logs/" + id).text()).isEqualTo(logBefore);
        again.stop();
    }
}
