package org.opentask.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.opentask.OpenTaskApplication;
import org.opentask.app.TestDatabase;

/**
 * The import run mode as an operator runs it: the application in a JVM of its own with
 * {@code --opentask.import.url/username/password}, its exit code and its report. A run stopped midway (here by
 * {@code limit}) is completed by the next; a third run brings nothing; rows the engine refuses are reported by id and
 * field, left out, and make the exit code non-zero. MariaDB suite only, like the original's database.
 */
class ImportRunModeTest {

    private record Run(int exitCode, String output) {
    }

    @Test
    void an_interrupted_import_is_completed_by_the_next_run_and_a_third_run_brings_nothing() throws Exception {
        assumeTrue(TestDatabase.isMariaDb(), "the original service's database is MySQL or MariaDB");
        OriginalFixture original = OriginalFixture.create();
        String engine = TestDatabase.newMariaDbDatabaseUrl();

        Run first = run(engine, original, "--opentask.import.limit=5");
        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(first.output()).contains("INCOMPLETE").contains("5 imported now").contains("10 not yet looked at");
        assertThat(importedTasks(engine)).isEqualTo(5);

        // the second run reads the engine's database from the original's .env file, as the original did
        String database = engine.substring(engine.lastIndexOf('/') + 1);
        Path workDir = Files.createTempDirectory("opentask-env");
        Files.writeString(workDir.resolve(".env"), "# as the original's .env.example has it\nDB_HOST=127.0.0.1\n"
                + "DB_PORT=3306\nDB_USER=" + OriginalFixture.USER + "\nDB_PASSWORD=" + OriginalFixture.PASSWORD
                + "\nDB_NAME=" + database + "\nAPI_KEY=some-key\n");
        Run second = run(null, original, workDir, Map.of());
        assertThat(second.exitCode()).as(second.output()).isEqualTo(0);
        assertThat(second.output()).contains("complete.").contains("10 imported now").contains("5 imported before");
        assertThat(importedTasks(engine)).isEqualTo(OriginalFixture.MAX_ID);

        // the third from the original's environment variables
        Run third = run(null, original, null, Map.of("DB_HOST", "127.0.0.1", "DB_PORT", "3306",
                "DB_USER", OriginalFixture.USER, "DB_PASSWORD", OriginalFixture.PASSWORD, "DB_NAME", database));
        assertThat(third.exitCode()).as(third.output()).isEqualTo(0);
        assertThat(third.output()).contains("0 imported now").contains("15 imported before");
        assertThat(importedTasks(engine)).isEqualTo(OriginalFixture.MAX_ID);
        assertThat(events(engine)).isEqualTo(OriginalFixture.MAX_ID);
    }

    @Test
    void rows_the_engine_cannot_hold_are_reported_left_out_and_the_exit_code_says_so() throws Exception {
        assumeTrue(TestDatabase.isMariaDb(), "the original service's database is MySQL or MariaDB");
        OriginalFixture original = OriginalFixture.create("bad-rows.sql");
        Map<String, String> before = original.checksums();
        String engine = TestDatabase.newMariaDbDatabaseUrl();

        Run run = run(engine, original);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output())
                .contains("15 imported now")
                .contains("2 rejected")
                .contains("rejected: task 16 priority = 'P5': not one of P0, P1, P2")
                .contains("rejected: task 17 status = 'paused'")
                .contains("rejected: task 17 bot_task_log 52 new_status = 'paused'");
        assertThat(importedTasks(engine)).isEqualTo(OriginalFixture.MAX_ID);
        assertThat(original.checksums()).isEqualTo(before);
        // new tasks get ids above the rejected rows too: fixing one in the original and importing again still fits
        assertThat(nextTaskId(engine)).isGreaterThan(17);
    }

    private static Run run(String engineUrl, OriginalFixture original, String... extra) throws Exception {
        return run(engineUrl, original, null, Map.of(), extra);
    }

    /**
     * Runs the import mode in a JVM of its own.
     *
     * @param engineUrl   the engine's database, given as the engine's own setting; null: from {@code .env} or
     *                    {@code environment}, with the original's names
     * @param workDir     the working directory (where a {@code .env} is read from); null: this one
     * @param environment variables added to the process's environment
     */
    private static Run run(String engineUrl, OriginalFixture original, Path workDir, Map<String, String> environment,
                           String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                OpenTaskApplication.class.getName(),
                "--spring.main.banner-mode=off",
                "--opentask.import.url=" + original.url,
                "--opentask.import.username=" + OriginalFixture.USER,
                "--opentask.import.password=" + OriginalFixture.PASSWORD));
        if (engineUrl != null) {
            command.addAll(List.of("--spring.datasource.url=" + engineUrl,
                    "--spring.datasource.username=" + OriginalFixture.USER,
                    "--spring.datasource.password=" + OriginalFixture.PASSWORD));
        }
        command.addAll(List.of(extra));
        Path output = Files.createTempFile("opentask-import", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().keySet().removeIf(name -> name.startsWith("DB_") || name.endsWith("API_KEY"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the import did not end within 180 s:\n" + read(output));
            }
            return new Run(process.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static long importedTasks(String engineUrl) throws Exception {
        return count(engineUrl, "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = 'org.opentask.api.TaskImportedEvent'");
    }

    private static long events(String engineUrl) throws Exception {
        return count(engineUrl, "SELECT COUNT(*) FROM domain_event_entry");
    }

    private static long nextTaskId(String engineUrl) throws Exception {
        return count(engineUrl, "SELECT next_value FROM task_id_allocation WHERE name = 'task'");
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, OriginalFixture.USER, OriginalFixture.PASSWORD);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
