package org.opentask.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A database filled by the original service itself is imported through the admin call: every task reads back as the
 * original answered it, under the same id; its audit rows come before the engine's own; a bot completes a task that
 * was running in the original; a second import changes nothing; the original's tables stay as they were. The
 * original is MySQL-only: these tests run on the MariaDB suite (the engine's own database is MariaDB there too).
 */
class ImportApiTest {

    private static final String[] TASK_FIELDS = {"id", "task_name", "task_description", "task_params",
            "assigned_to", "priority", "status", "progress", "result", "error_message", "retry_count", "created_by"};
    private static final String[] TIME_FIELDS = {"created_time", "started_time", "completed_time"};

    private static OriginalFixture original;
    private static Map<String, String> originalBefore;
    private static JsonNode answers;
    private static AppInstance engine;
    private static ApiClient api;
    private static JsonNode firstReport;
    /** What the engine answered right after the import, by id: other tests go on to change some tasks. */
    private static final Map<Long, ApiClient.Response> TASKS = new java.util.HashMap<>();
    private static final Map<Long, ApiClient.Response> LOGS = new java.util.HashMap<>();
    private static ApiClient.Response list;

    @BeforeAll
    static void importTheOriginal() throws Exception {
        assumeTrue(TestDatabase.isMariaDb(), "the original service's database is MySQL or MariaDB");
        original = OriginalFixture.create();
        originalBefore = original.checksums();
        answers = OriginalFixture.answers();
        engine = AppInstance.start("spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                "spring.datasource.username=" + OriginalFixture.USER,
                "spring.datasource.password=" + OriginalFixture.PASSWORD);
        api = engine.api;
        ApiClient.Response response = importCall();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        firstReport = response.json();
        for (long id = 1; id <= OriginalFixture.MAX_ID; id++) {
            TASKS.put(id, api.get("/api/tasks/" + id));
            LOGS.put(id, api.get("/api/logs/" + id));
        }
        list = api.get("/api/tasks");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private static ApiClient.Response importCall() {
        return api.post("/api/admin/import", "{\"url\":\"" + original.url + "\",\"username\":\""
                + OriginalFixture.USER + "\",\"password\":\"" + OriginalFixture.PASSWORD + "\"}");
    }

    @Test
    void the_report_counts_every_task_and_audit_row() throws Exception {
        assertThat(firstReport.get("complete").asBoolean()).isTrue();
        assertThat(firstReport.get("tasks_in_source").asLong()).isEqualTo(OriginalFixture.MAX_ID);
        assertThat(firstReport.get("imported").asLong()).isEqualTo(OriginalFixture.MAX_ID);
        assertThat(firstReport.get("rejected")).isEmpty();
        assertThat(firstReport.get("audit_rows").asLong()).isEqualTo(countOriginal("bot_task_log"));
        assertThat(firstReport.get("bots_kept").asInt()).isEqualTo(5);
        assertThat(firstReport.get("source").asText()).doesNotContain("password").startsWith("jdbc:mariadb://");
    }

    @Test
    void every_task_reads_back_as_the_original_answered_it() {
        for (long id = 1; id <= OriginalFixture.MAX_ID; id++) {
            JsonNode expected = answers.get("tasks").get(Long.toString(id));
            ApiClient.Response response = TASKS.get(id);
            if (expected.has("http_status")) {
                // deleted in the original: hidden here too
                assertThat(response.status()).as("task %d", id).isEqualTo(expected.get("http_status").asInt());
                continue;
            }
            assertThat(response.status()).as("task %d", id).isEqualTo(200);
            JsonNode actual = response.json();
            for (String field : TASK_FIELDS) {
                assertThat(actual.get(field).asText()).as("task %d %s", id, field)
                        .isEqualTo(expected.get(field).asText());
                assertThat(actual.get(field).isNull()).as("task %d %s null", id, field)
                        .isEqualTo(expected.get(field).isNull());
            }
            for (String field : TIME_FIELDS) {
                assertThat(time(actual.get(field))).as("task %d %s", id, field).isEqualTo(time(expected.get(field)));
            }
        }
    }

    @Test
    void the_list_holds_the_tasks_the_original_listed() {
        List<Long> expected = new ArrayList<>();
        answers.get("list").forEach(task -> expected.add(task.get("id").asLong()));
        List<Long> actual = new ArrayList<>();
        list.json().forEach(task -> {
            if (task.get("id").asLong() <= OriginalFixture.MAX_ID) {
                actual.add(task.get("id").asLong());
            }
        });
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSize(13);
    }

    @Test
    void the_old_audit_rows_come_after_the_import_and_before_anything_new() {
        for (long id = 1; id <= OriginalFixture.MAX_ID; id++) {
            List<JsonNode> expected = new ArrayList<>();
            answers.get("logs").get(Long.toString(id)).forEach(expected::add);
            expected.sort((a, b) -> Long.compare(b.get("id").asLong(), a.get("id").asLong()));
            JsonNode rows = LOGS.get(id).json();
            assertThat(rows.size()).as("task %d", id).isGreaterThanOrEqualTo(expected.size() + 1);
            int first = rows.size() - expected.size();
            assertThat(rows.get(first - 1).get("action").asText()).as("task %d", id).isEqualTo("import");
            for (int i = 0; i < expected.size(); i++) {
                JsonNode row = rows.get(first + i);
                JsonNode old = expected.get(i);
                for (String field : new String[] {"task_id", "action", "message", "old_status", "new_status",
                        "operator"}) {
                    assertThat(row.get(field).asText()).as("task %d row %d %s", id, i, field)
                            .isEqualTo(old.get(field).asText());
                }
                assertThat(time(row.get("created_time"))).isEqualTo(time(old.get("created_time")));
            }
        }
    }

    @Test
    void a_bot_completes_a_task_that_was_running_in_the_original_by_its_old_id() {
        ApiClient.Response done = api.put("/api/tasks/15/complete", "{\"result\":\"finished after the move\"}");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("completed");
        assertThat(done.json().get("result").asText()).isEqualTo("finished after the move");
        assertThat(api.get("/api/tasks/15").json().get("status").asText()).isEqualTo("completed");
        JsonNode log = api.get("/api/logs/15").json();
        assertThat(log.get(0).get("action").asText()).isEqualTo("complete");
        assertThat(log.get(1).get("action").asText()).isEqualTo("import");
        assertThat(log.get(log.size() - 1).get("action").asText()).isEqualTo("created");
    }

    @Test
    void a_new_task_gets_an_id_above_every_imported_one() {
        long id = api.createTask("anna", "after the move", "P1");
        assertThat(id).isGreaterThan(OriginalFixture.MAX_ID);
    }

    @Test
    void a_second_import_changes_nothing() {
        ApiClient.Response start = api.put("/api/tasks/4/start");
        assertThat(start.status()).isEqualTo(200);
        String before = api.get("/api/tasks?limit=100").text();
        String logBefore = api.get("/api/logs/4").text();
        ApiClient.Response again = importCall();
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("imported").asLong()).isZero();
        assertThat(again.json().get("already_there").asLong()).isEqualTo(OriginalFixture.MAX_ID);
        assertThat(again.json().get("complete").asBoolean()).isTrue();
        assertThat(api.get("/api/tasks?limit=100").text()).isEqualTo(before);
        assertThat(api.get("/api/logs/4").text()).isEqualTo(logBefore);
        assertThat(api.get("/api/tasks/4").json().get("status").asText()).isEqualTo("running");
    }

    @Test
    void a_replay_of_the_read_models_rebuilds_the_imported_tasks_and_their_history() throws Exception {
        String tasks = api.get("/api/tasks?limit=100").text();
        List<String> logs = new ArrayList<>();
        for (long id = 1; id <= OriginalFixture.MAX_ID; id++) {
            logs.add(api.get("/api/logs/" + id).text());
        }
        assertThat(api.post("/api/admin/replay", null).status()).isEqualTo(202);
        JsonNode status = api.get("/api/admin/replay").json();
        for (int i = 0; i < 600 && status.get("state").asText().equals("running"); i++) {
            Thread.sleep(50);
            status = api.get("/api/admin/replay").json();
        }
        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(api.get("/api/tasks?limit=100").text()).isEqualTo(tasks);
        for (long id = 1; id <= OriginalFixture.MAX_ID; id++) {
            assertThat(api.get("/api/logs/" + id).text()).as("task %d", id).isEqualTo(logs.get((int) id - 1));
        }
    }

    @Test
    void the_original_tables_are_left_as_they_were() throws Exception {
        assertThat(original.checksums()).isEqualTo(originalBefore);
    }

    @Test
    void the_bots_are_registered() {
        JsonNode anna = api.get("/api/admin/bots/anna").json();
        assertThat(anna.get("display_name").asText()).isEqualTo("Anna Bot");
        assertThat(anna.get("description").asText()).isEqualTo("Session agent bot");
        assertThat(anna.get("enabled").asBoolean()).isTrue();
        for (String bot : new String[] {"main", "trump", "cc", "session_agent"}) {
            assertThat(api.get("/api/admin/bots/" + bot).status()).as(bot).isEqualTo(200);
        }
    }

    @Test
    void the_bots_are_kept_with_their_columns() throws Exception {
        var jdbc = engine.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
        List<String> kept = jdbc.sql("SELECT CONCAT(id, ' ', bot_name, ' ', display_name, ' ', is_active)"
                + " FROM original_bot_config ORDER BY id").query(String.class).list();
        assertThat(kept).containsExactly("1 main Main Bot 1", "2 trump Trump Bot 1", "3 cc CC Bot 1",
                "4 anna Anna Bot 1", "5 session_agent Session Agent 1");
    }

    @Test
    void bad_input_is_a_clear_400_or_422() {
        ApiClient.Response noUrl = api.post("/api/admin/import", "{}");
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.detail()).contains("url");
        ApiClient.Response notMysql = api.post("/api/admin/import", "{\"url\":\"jdbc:h2:mem:x\"}");
        assertThat(notMysql.status()).isEqualTo(400);
        assertThat(notMysql.detail()).contains("url");
        ApiClient.Response negative = api.post("/api/admin/import",
                "{\"url\":\"" + original.url + "\",\"limit\":-1}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.detail()).contains("limit");
        ApiClient.Response unreachable = api.post("/api/admin/import",
                "{\"url\":\"jdbc:mariadb://127.0.0.1:1/none\",\"username\":\"root\"}");
        assertThat(unreachable.status()).isEqualTo(422);
        assertThat(unreachable.detail()).contains("cannot be read");
    }

    private static long countOriginal(String table) throws Exception {
        try (var connection = original.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static LocalDateTime time(JsonNode value) {
        return value == null || value.isNull() ? null : LocalDateTime.parse(value.asText());
    }
}
