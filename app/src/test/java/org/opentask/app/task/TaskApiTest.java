package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every row of the contract's endpoint table, through the real HTTP port, as bots and operators call it. */
class TaskApiTest extends ApiTest {

    static final List<String> TASK_FIELDS = List.of("id", "task_name", "task_description", "task_params",
            "assigned_to", "priority", "status", "progress", "created_time", "started_time", "completed_time",
            "result", "error_message", "retry_count", "max_retry", "created_by");

    static final List<String> LOG_FIELDS = List.of("id", "task_id", "action", "message", "old_status", "new_status",
            "operator", "created_time");

    /**
     * Every field of the contract, under exactly its snake_case name. Later features add fields of their own
     * (a lease's expiry, say); those must be snake_case too.
     */
    static void assertTaskFields(JsonNode task) {
        assertThat(task.propertyNames()).containsAll(TASK_FIELDS)
                .allSatisfy(name -> assertThat(name).matches("[a-z]+(_[a-z]+)*"));
    }

    private JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).contains("application/json");
        return response.json();
    }

    private static List<Long> ids(JsonNode tasks) {
        List<Long> ids = new ArrayList<>();
        tasks.values().forEach(task -> ids.add(task.get("id").asLong()));
        return ids;
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).isNull() ? null : node.get(field).asString();
    }

    // ---------------------------------------------------------------- POST /api/tasks, GET /api/tasks/{id}

    @Test
    void create_answers_the_task_with_the_contracts_fields_and_their_defaults() {
        String bot = bot("anna");
        JsonNode task = ok(api.post("/api/tasks", "{\"task_name\":\"write report\",\"assigned_to\":\"" + bot + "\"}"));

        assertTaskFields(task);
        assertThat(task.get("id").isIntegralNumber()).isTrue();
        assertThat(text(task, "task_name")).isEqualTo("write report");
        assertThat(task.get("task_description").isNull()).isTrue();
        assertThat(task.get("task_params").isNull()).isTrue();
        assertThat(text(task, "assigned_to")).isEqualTo(bot);
        assertThat(text(task, "priority")).isEqualTo("P2");
        assertThat(text(task, "status")).isEqualTo("pending");
        assertThat(task.get("progress").asInt()).isZero();
        assertThat(LocalDateTime.parse(text(task, "created_time"))).isAfter(LocalDateTime.now().minusMinutes(5));
        assertThat(task.get("started_time").isNull()).isTrue();
        assertThat(task.get("completed_time").isNull()).isTrue();
        assertThat(task.get("result").isNull()).isTrue();
        assertThat(task.get("error_message").isNull()).isTrue();
        assertThat(task.get("retry_count").asInt()).isZero();
        assertThat(task.get("max_retry").asInt()).isEqualTo(3);
        assertThat(text(task, "created_by")).isEqualTo("hope");

        JsonNode read = ok(api.get("/api/tasks/" + task.get("id").asLong()));
        assertThat(read).isEqualTo(task);
    }

    @Test
    void create_keeps_every_field_it_is_given() {
        String bot = bot("cc");
        JsonNode task = ok(api.post("/api/tasks", "{\"task_name\":\"deploy\",\"assigned_to\":\"" + bot + "\","
                + "\"priority\":\"P0\",\"task_description\":\"roll out v2\","
                + "\"task_params\":{\"env\":\"prod\",\"n\":[1,2]},"
                + "\"created_by\":\"cron\",\"max_retry\":5}"));
        assertThat(text(task, "priority")).isEqualTo("P0");
        assertThat(text(task, "task_description")).isEqualTo("roll out v2");
        assertThat(text(task, "task_params")).isEqualTo("{\"env\":\"prod\",\"n\":[1,2]}");
        assertThat(text(task, "created_by")).isEqualTo("cron");
        assertThat(task.get("max_retry").asInt()).isEqualTo(5);

        // params given as a string are kept as that string; max_retry 0 is allowed
        JsonNode second = ok(api.post("/api/tasks", "{\"task_name\":\"n\",\"assigned_to\":\"" + bot + "\","
                + "\"task_params\":\"{\\\"env\\\":\\\"dev\\\"}\",\"max_retry\":0}"));
        assertThat(text(second, "task_params")).isEqualTo("{\"env\":\"dev\"}");
        assertThat(second.get("max_retry").asInt()).isZero();
        assertThat(second.get("id").asLong()).isNotEqualTo(task.get("id").asLong());
    }

    @Test
    void a_payload_far_over_64_KiB_is_accepted_and_read_back_whole() {
        String bot = bot("big");
        String description = "d".repeat(200 * 1024);
        JsonNode task = ok(api.post("/api/tasks", "{\"task_name\":\"big\",\"assigned_to\":\"" + bot
                + "\",\"task_description\":\"" + description + "\"}"));
        long id = task.get("id").asLong();
        assertThat(text(ok(api.get("/api/tasks/" + id)), "task_description")).isEqualTo(description);

        String params = "{\"blob\":\"" + "p".repeat(200 * 1024) + "\"}";
        ok(api.put("/api/tasks/" + id, "{\"task_params\":" + params + "}"));
        assertThat(text(ok(api.get("/api/tasks/" + id)), "task_params")).isEqualTo(params);

        String result = "r".repeat(200 * 1024);
        ok(api.put("/api/tasks/" + id + "/start"));
        ok(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"" + result + "\"}"));
        JsonNode done = ok(api.get("/api/tasks/" + id));
        assertThat(text(done, "result")).isEqualTo(result);
        assertThat(text(done, "task_description")).isEqualTo(description);
    }

    // ---------------------------------------------------------------- GET /api/tasks

    @Test
    void list_is_newest_first_filters_by_bot_status_and_priority_and_hides_deleted_tasks() {
        String bot = bot("list");
        long first = api.createTask(bot, "first", "P2");
        long second = api.createTask(bot, "second", "P0");
        long third = api.createTask(bot, "third", "P2");
        long gone = api.createTask(bot, "gone", "P0");
        long other = api.createTask(bot("other"), "other", "P2");
        ok(api.put("/api/tasks/" + second + "/start"));
        ok(api.delete("/api/tasks/" + gone));

        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot)))).containsExactly(third, second, first);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&status=running")))).containsExactly(second);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&status=pending")))).containsExactly(third, first);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&priority=P0")))).containsExactly(second);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&priority=P2&status=pending"))))
                .containsExactly(third, first);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&status=completed")))).isEmpty();
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot("nobody"))))).isEmpty();
        // empty filters match everything, as the original's optional query parameters did
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&status=&priority="))))
                .containsExactly(third, second, first);

        List<Long> all = ids(ok(api.get("/api/tasks")));
        assertThat(all).contains(first, second, third, other).doesNotContain(gone);
        assertThat(all.indexOf(other)).isLessThan(all.indexOf(third));
        assertThat(all.indexOf(third)).isLessThan(all.indexOf(first));
        ok(api.get("/api/tasks")).values().forEach(task ->
                assertTaskFields(task));
    }

    // ---------------------------------------------------------------- GET /api/tasks/pending

    @Test
    void pending_gives_P0_before_P1_before_P2_then_oldest_first_and_only_that_bots_pending_tasks() {
        String bot = bot("pend");
        long retried = api.createTask(bot, "retried", "P2");
        ok(api.put("/api/tasks/" + retried + "/start"));
        ok(api.put("/api/tasks/" + retried + "/fail", "{\"error_message\":\"flaky\"}"));
        long p2a = api.createTask(bot, "p2a", "P2");
        long p1a = api.createTask(bot, "p1a", "P1");
        long p0a = api.createTask(bot, "p0a", "P0");
        long p2b = api.createTask(bot, "p2b", "P2");
        long p0b = api.createTask(bot, "p0b", "P0");
        long p1b = api.createTask(bot, "p1b", "P1");
        long running = api.createTask(bot, "running", "P0");
        ok(api.put("/api/tasks/" + running + "/start"));
        long deleted = api.createTask(bot, "deleted", "P0");
        ok(api.delete("/api/tasks/" + deleted));
        long cancelled = api.createTask(bot, "cancelled", "P0");
        ok(api.put("/api/tasks/" + cancelled + "/cancel"));
        api.createTask(bot("other"), "other bot", "P0");
        // back to pending: it keeps its creation time, so it is the oldest P2
        ok(api.put("/api/tasks/" + retried + "/retry"));

        JsonNode pending = ok(api.get("/api/tasks/pending?assigned_to=" + bot));
        assertThat(ids(pending)).containsExactly(p0a, p0b, p1a, p1b, retried, p2a, p2b);
        pending.values().forEach(task -> assertTaskFields(task));

        // a priority raised by an edit moves the task up at once, among the P0s by its creation time
        ok(api.put("/api/tasks/" + p2b, "{\"priority\":\"P0\"}"));
        assertThat(ids(ok(api.get("/api/tasks/pending?assigned_to=" + bot))))
                .containsExactly(p0a, p2b, p0b, p1a, p1b, retried, p2a);
    }

    // ---------------------------------------------------------------- PUT /api/tasks/{id}

    @Test
    void update_edits_name_description_params_assignee_priority_and_progress() {
        String bot = bot("upd");
        String newBot = bot("upd2");
        long id = api.createTask(bot, "draft", "P2");
        JsonNode task = ok(api.put("/api/tasks/" + id, "{\"task_name\":\"final\",\"task_description\":\"text\","
                + "\"task_params\":{\"k\":1},\"assigned_to\":\"" + newBot + "\",\"priority\":\"P1\",\"progress\":40}"));
        assertTaskFields(task);
        assertThat(text(task, "task_name")).isEqualTo("final");
        assertThat(text(task, "task_description")).isEqualTo("text");
        assertThat(text(task, "task_params")).isEqualTo("{\"k\":1}");
        assertThat(text(task, "assigned_to")).isEqualTo(newBot);
        assertThat(text(task, "priority")).isEqualTo("P1");
        assertThat(task.get("progress").asInt()).isEqualTo(40);
        assertThat(text(task, "status")).isEqualTo("pending");
        assertThat(ok(api.get("/api/tasks/" + id))).isEqualTo(task);
        assertThat(ids(ok(api.get("/api/tasks/pending?assigned_to=" + newBot)))).containsExactly(id);
        assertThat(ids(ok(api.get("/api/tasks/pending?assigned_to=" + bot)))).isEmpty();

        // fields left out stay as they are
        JsonNode partial = ok(api.put("/api/tasks/" + id, "{\"progress\":55}"));
        assertThat(text(partial, "task_name")).isEqualTo("final");
        assertThat(text(partial, "task_description")).isEqualTo("text");
        assertThat(partial.get("progress").asInt()).isEqualTo(55);
    }

    @Test
    void an_update_that_changes_nothing_answers_the_task_and_writes_nothing() {
        long id = api.createTask(bot("same"), "same", "P1");
        long events = count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id);
        JsonNode task = ok(api.put("/api/tasks/" + id, "{\"task_name\":\"same\",\"priority\":\"P1\",\"progress\":0}"));
        assertThat(text(task, "task_name")).isEqualTo("same");
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id))
                .isEqualTo(events);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- DELETE /api/tasks/{id}

    @Test
    void delete_answers_exactly_id_and_deleted_hides_the_task_and_keeps_its_history() {
        String bot = bot("del");
        long id = api.createTask(bot, "obsolete", "P2");
        ApiClient.Response deleted = api.delete("/api/tasks/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.contentType()).contains("application/json");
        assertThat(deleted.text()).isEqualTo("{\"id\":" + id + ",\"deleted\":true}");

        assertThat(api.get("/api/tasks/" + id).status()).isEqualTo(404);
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot)))).isEmpty();
        assertThat(ids(ok(api.get("/api/tasks/pending?assigned_to=" + bot)))).isEmpty();
        assertThat(ok(api.get("/api/stats/today")).has(bot)).isFalse();
        JsonNode log = ok(api.get("/api/logs/" + id));
        assertThat(log.get(0).get("action").asString()).isEqualTo("delete");
        assertThat(log.get(1).get("action").asString()).isEqualTo("create");
        // the row is kept, marked deleted
        assertThat(count("SELECT deleted FROM bot_task WHERE id = ?", id)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- the state machine

    @Test
    void start_complete_fail_retry_set_their_fields() {
        String bot = bot("life");
        long id = api.createTask(bot, "life", "P1");
        ok(api.put("/api/tasks/" + id, "{\"progress\":20}"));

        JsonNode started = ok(api.put("/api/tasks/" + id + "/start"));
        assertThat(text(started, "status")).isEqualTo("running");
        assertThat(started.get("progress").asInt()).isZero();
        assertThat(LocalDateTime.parse(text(started, "started_time"))).isNotNull();
        assertThat(started.get("completed_time").isNull()).isTrue();

        ok(api.put("/api/tasks/" + id, "{\"progress\":60}"));
        JsonNode failed = ok(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"disk full\"}"));
        assertThat(text(failed, "status")).isEqualTo("failed");
        assertThat(text(failed, "error_message")).isEqualTo("disk full");
        assertThat(failed.get("completed_time").isNull()).isFalse();
        assertThat(failed.get("progress").asInt()).isEqualTo(60);

        JsonNode retried = ok(api.put("/api/tasks/" + id + "/retry"));
        assertThat(text(retried, "status")).isEqualTo("pending");
        assertThat(retried.get("retry_count").asInt()).isEqualTo(1);
        assertThat(retried.get("progress").asInt()).isZero();
        assertThat(retried.get("started_time").isNull()).isTrue();
        assertThat(retried.get("completed_time").isNull()).isTrue();

        ok(api.put("/api/tasks/" + id + "/start"));
        JsonNode completed = ok(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"42 pages\"}"));
        assertThat(text(completed, "status")).isEqualTo("completed");
        assertThat(completed.get("progress").asInt()).isEqualTo(100);
        assertThat(text(completed, "result")).isEqualTo("42 pages");
        assertThat(LocalDateTime.parse(text(completed, "completed_time")))
                .isAfterOrEqualTo(LocalDateTime.parse(text(completed, "started_time")));
        assertThat(completed.get("retry_count").asInt()).isEqualTo(1);
    }

    @Test
    void complete_and_fail_need_no_body() {
        String bot = bot("nobody");
        long a = api.createTask(bot, "a", "P2");
        ok(api.put("/api/tasks/" + a + "/start"));
        JsonNode completed = ok(api.put("/api/tasks/" + a + "/complete"));
        assertThat(text(completed, "status")).isEqualTo("completed");
        assertThat(completed.get("result").isNull()).isTrue();

        long b = api.createTask(bot, "b", "P2");
        ok(api.put("/api/tasks/" + b + "/start"));
        JsonNode failed = ok(api.put("/api/tasks/" + b + "/fail"));
        assertThat(text(failed, "status")).isEqualTo("failed");
    }

    @Test
    void retry_works_up_to_max_retry_then_is_409_and_writes_nothing() {
        long id = ok(api.post("/api/tasks", "{\"task_name\":\"flaky\",\"assigned_to\":\"" + bot("retry")
                + "\",\"max_retry\":2}")).get("id").asLong();
        for (int attempt = 1; attempt <= 2; attempt++) {
            ok(api.put("/api/tasks/" + id + "/start"));
            ok(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"attempt " + attempt + "\"}"));
            assertThat(ok(api.put("/api/tasks/" + id + "/retry")).get("retry_count").asInt()).isEqualTo(attempt);
        }
        ok(api.put("/api/tasks/" + id + "/start"));
        ok(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"attempt 3\"}"));
        long events = count("SELECT COUNT(*) FROM domain_event_entry");
        long logs = count("SELECT COUNT(*) FROM bot_task_log");

        ApiClient.Response refused = api.put("/api/tasks/" + id + "/retry");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.detail()).contains("is failed").contains("2 of 2");
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry")).isEqualTo(events);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log")).isEqualTo(logs);
        JsonNode task = ok(api.get("/api/tasks/" + id));
        assertThat(text(task, "status")).isEqualTo("failed");
        assertThat(task.get("retry_count").asInt()).isEqualTo(2);
    }

    @Test
    void a_task_with_max_retry_0_cannot_be_retried() {
        long id = ok(api.post("/api/tasks", "{\"task_name\":\"once\",\"assigned_to\":\"" + bot("once")
                + "\",\"max_retry\":0}")).get("id").asLong();
        ok(api.put("/api/tasks/" + id + "/start"));
        ok(api.put("/api/tasks/" + id + "/fail"));
        assertThat(api.put("/api/tasks/" + id + "/retry").status()).isEqualTo(409);
    }

    @Test
    void cancel_works_from_pending_running_and_failed() {
        String bot = bot("cancel");
        long pending = api.createTask(bot, "pending", "P2");
        long running = api.createTask(bot, "running", "P2");
        ok(api.put("/api/tasks/" + running + "/start"));
        long failed = api.createTask(bot, "failed", "P2");
        ok(api.put("/api/tasks/" + failed + "/start"));
        ok(api.put("/api/tasks/" + failed + "/fail"));

        for (long id : new long[] {pending, running, failed}) {
            JsonNode cancelled = ok(api.put("/api/tasks/" + id + "/cancel"));
            assertThat(text(cancelled, "status")).isEqualTo("cancelled");
            assertThat(cancelled.get("completed_time").isNull()).isFalse();
        }
        JsonNode log = ok(api.get("/api/logs/" + running));
        assertThat(text(log.get(0), "action")).isEqualTo("cancel");
        assertThat(text(log.get(0), "old_status")).isEqualTo("running");
        assertThat(text(log.get(0), "new_status")).isEqualTo("cancelled");
        assertThat(text(ok(api.get("/api/logs/" + failed)).get(0), "old_status")).isEqualTo("failed");
    }

    // ---------------------------------------------------------------- GET /api/stats/today

    @Test
    void stats_today_counts_each_bots_tasks_by_status_leaving_deleted_ones_out() {
        String bot = bot("stats");
        String other = bot("stats");
        api.createTask(bot, "pending", "P2");
        long running = api.createTask(bot, "running", "P2");
        ok(api.put("/api/tasks/" + running + "/start"));
        long completed = api.createTask(bot, "completed", "P2");
        ok(api.put("/api/tasks/" + completed + "/start"));
        ok(api.put("/api/tasks/" + completed + "/complete", "{\"result\":\"ok\"}"));
        long failed = api.createTask(bot, "failed", "P2");
        ok(api.put("/api/tasks/" + failed + "/start"));
        ok(api.put("/api/tasks/" + failed + "/fail"));
        long cancelled = api.createTask(bot, "cancelled", "P2");
        ok(api.put("/api/tasks/" + cancelled + "/cancel"));
        long deleted = api.createTask(bot, "deleted", "P2");
        ok(api.put("/api/tasks/" + deleted + "/start"));
        ok(api.delete("/api/tasks/" + deleted));
        api.createTask(other, "other", "P0");

        JsonNode stats = ok(api.get("/api/stats/today"));
        JsonNode mine = stats.get(bot);
        assertThat(mine.propertyNames()).contains("total", "pending", "running", "completed", "failed", "cancelled");
        assertThat(mine.get("total").asLong()).isEqualTo(5);
        assertThat(mine.get("pending").asLong()).isEqualTo(1);
        assertThat(mine.get("running").asLong()).isEqualTo(1);
        assertThat(mine.get("completed").asLong()).isEqualTo(1);
        assertThat(mine.get("failed").asLong()).isEqualTo(1);
        assertThat(mine.get("cancelled").asLong()).isEqualTo(1);
        assertThat(stats.get(other).get("total").asLong()).isEqualTo(1);
        assertThat(stats.get(other).get("pending").asLong()).isEqualTo(1);
        assertThat(LocalDate.now()).isNotNull();
    }

    // ---------------------------------------------------------------- GET /api/logs/{task_id}

    @Test
    void logs_are_newest_first_with_who_did_each_step() {
        String bot = bot("log");
        long id = ok(api.post("/api/tasks", "{\"task_name\":\"audited\",\"assigned_to\":\"" + bot
                + "\",\"created_by\":\"cron\"}")).get("id").asLong();
        ok(api.put("/api/tasks/" + id, "{\"priority\":\"P0\"}"));
        ok(api.put("/api/tasks/" + id + "/start"));
        ok(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"oops\"}"));
        ok(api.call("PUT", "/api/tasks/" + id + "/retry", null, null, "X-Operator", "ops-alice"));
        ok(api.call("PUT", "/api/tasks/" + id + "/start", null, null, "X-Operator", "anna-replica-2"));
        ok(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"fine\"}"));

        JsonNode log = ok(api.get("/api/logs/" + id));
        assertThat(log.size()).isEqualTo(7);
        List<String> actions = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        long previousId = Long.MAX_VALUE;
        for (JsonNode row : log.values()) {
            assertThat(row.propertyNames()).containsExactlyElementsOf(LOG_FIELDS);
            assertThat(row.get("task_id").asLong()).isEqualTo(id);
            assertThat(row.get("id").asLong()).isLessThan(previousId);
            assertThat(LocalDateTime.parse(text(row, "created_time"))).isNotNull();
            previousId = row.get("id").asLong();
            actions.add(text(row, "action"));
            operators.add(text(row, "operator"));
        }
        assertThat(actions).containsExactly("complete", "start", "retry", "fail", "start", "update", "create");
        // defaults: the bot for start, complete and fail; the creator for the rest; X-Operator overrides both
        assertThat(operators).containsExactly(bot, "anna-replica-2", "ops-alice", bot, bot, "cron", "cron");
        assertThat(text(log.get(0), "message")).isEqualTo("completed: fine");
        assertThat(text(log.get(0), "old_status")).isEqualTo("running");
        assertThat(text(log.get(0), "new_status")).isEqualTo("completed");
        assertThat(log.get(6).get("old_status").isNull()).isTrue();
        assertThat(text(log.get(6), "new_status")).isEqualTo("pending");
    }

    @Test
    void the_X_Operator_header_is_recorded_as_the_operator_of_every_kind_of_call() {
        String bot = bot("op");
        long id = ok(api.call("POST", "/api/tasks", "application/json",
                "{\"task_name\":\"x\",\"assigned_to\":\"" + bot + "\"}", "X-Operator", "op-create"))
                .get("id").asLong();
        ok(api.call("PUT", "/api/tasks/" + id, "application/json", "{\"progress\":5}", "X-Operator", "op-update"));
        ok(api.call("PUT", "/api/tasks/" + id + "/start", null, null, "X-Operator", "op-start"));
        ok(api.call("PUT", "/api/tasks/" + id + "/fail", "application/json", "{}", "X-Operator", "op-fail"));
        ok(api.call("PUT", "/api/tasks/" + id + "/cancel", null, null, "X-Operator", "op-cancel"));
        ok(api.call("DELETE", "/api/tasks/" + id, null, null, "X-Operator", "op-delete"));
        long completedId = api.createTask(bot, "y", "P2");
        ok(api.put("/api/tasks/" + completedId + "/start"));
        ok(api.call("PUT", "/api/tasks/" + completedId + "/complete", "application/json", "{}",
                "X-Operator", "op-complete"));

        List<String> operators = new ArrayList<>();
        ok(api.get("/api/logs/" + id)).values().forEach(row -> operators.add(text(row, "operator")));
        assertThat(operators).containsExactly("op-delete", "op-cancel", "op-fail", "op-start", "op-update",
                "op-create");
        assertThat(text(ok(api.get("/api/logs/" + completedId)).get(0), "operator")).isEqualTo("op-complete");
    }

    // ---------------------------------------------------------------- curl's default content type

    @Test
    void json_bodies_sent_as_curls_default_form_content_type_work_for_every_call_with_a_body() {
        String bot = bot("curl");
        JsonNode created = ok(api.curlD("POST", "/api/tasks", "{\"task_name\":\"a+b & c=d 100%\",\"assigned_to\":\""
                + bot + "\",\"priority\":\"P1\",\"task_params\":{\"q\":\"x&y=z+1\"}}"));
        long id = created.get("id").asLong();
        assertThat(text(created, "task_name")).isEqualTo("a+b & c=d 100%");
        assertThat(text(created, "task_params")).isEqualTo("{\"q\":\"x&y=z+1\"}");

        JsonNode updated = ok(api.curlD("PUT", "/api/tasks/" + id, "{\"task_description\":\"50% done & more\"}"));
        assertThat(text(updated, "task_description")).isEqualTo("50% done & more");

        ok(api.put("/api/tasks/" + id + "/start"));
        JsonNode failed = ok(api.curlD("PUT", "/api/tasks/" + id + "/fail", "{\"error_message\":\"a=b&c\"}"));
        assertThat(text(failed, "error_message")).isEqualTo("a=b&c");
        ok(api.put("/api/tasks/" + id + "/retry"));
        ok(api.put("/api/tasks/" + id + "/start"));
        JsonNode completed = ok(api.curlD("PUT", "/api/tasks/" + id + "/complete", "{\"result\":\"done + ok\"}"));
        assertThat(text(completed, "result")).isEqualTo("done + ok");
    }

    @Test
    void json_bodies_without_any_content_type_work_too() {
        String bot = bot("noct");
        JsonNode created = ok(api.call("POST", "/api/tasks", null, "{\"task_name\":\"plain\",\"assigned_to\":\""
                + bot + "\"}"));
        assertThat(text(created, "task_name")).isEqualTo("plain");
        long id = created.get("id").asLong();
        ok(api.put("/api/tasks/" + id + "/start"));
        assertThat(text(ok(api.call("PUT", "/api/tasks/" + id + "/complete", null, "{\"result\":\"r\"}")), "result"))
                .isEqualTo("r");
    }

    @Test
    void a_real_form_body_is_read_as_its_fields() {
        String bot = bot("form");
        JsonNode created = ok(api.curlD("POST", "/api/tasks", "task_name=from+a+form&assigned_to=" + bot
                + "&priority=P0&max_retry=1"));
        assertThat(text(created, "task_name")).isEqualTo("from a form");
        assertThat(text(created, "priority")).isEqualTo("P0");
        assertThat(created.get("max_retry").asInt()).isEqualTo(1);
        long id = created.get("id").asLong();
        ok(api.put("/api/tasks/" + id + "/start"));
        assertThat(text(ok(api.curlD("PUT", "/api/tasks/" + id + "/complete", "result=done%21")), "result"))
                .isEqualTo("done!");
    }

    // ---------------------------------------------------------------- GET /health

    @Test
    void health_is_healthy() {
        ApiClient.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("{\"status\":\"healthy\"}");
    }
    // ---------------------------------------------------------------- pages across the statements that read them

    /** A page of the list and of the pending queue, read a few rows per statement, is the same whatever its limit. */
    @Test
    void pages_of_any_limit_hold_the_same_tasks_in_the_same_order() throws Exception {
        String bot = bot("pages");
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            created.add(api.createTask(bot, "page " + i, i % 3 == 0 ? "P0" : "P2"));
        }
        List<Long> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        List<Long> queueOrder = new ArrayList<>();
        created.stream().filter(id -> created.indexOf(id) % 3 == 0).forEach(queueOrder::add);
        created.stream().filter(id -> created.indexOf(id) % 3 != 0).forEach(queueOrder::add);

        for (int limit : List.of(1, 7, 8, 9, 16, 20, 21, 22, 1000)) {
            assertThat(walk("/api/tasks?assigned_to=" + bot + "&limit=" + limit, limit)).as("list, limit " + limit)
                    .isEqualTo(newestFirst);
            assertThat(walk("/api/tasks/pending?assigned_to=" + bot + "&limit=" + limit, limit))
                    .as("pending, limit " + limit).isEqualTo(queueOrder);
        }
        // a page that starts inside a statement's rows
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&limit=10&offset=5"))))
                .isEqualTo(newestFirst.subList(5, 15));
        assertThat(ids(ok(api.get("/api/tasks?assigned_to=" + bot + "&offset=21")))).isEmpty();
    }

    /** Every task the pages from the first hold, following X-Next-Offset; each page at most {@code limit} long. */
    private List<Long> walk(String path, int limit) throws Exception {
        List<Long> all = new ArrayList<>();
        String next = path;
        HttpClient http = HttpClient.newHttpClient();
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).isLessThan(100);
            HttpResponse<String> page = http.send(api.request(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            List<Long> ids = ids(JsonMapper.builder().build().readTree(page.body()));
            assertThat(ids).hasSizeLessThanOrEqualTo(limit);
            all.addAll(ids);
            next = page.headers().firstValue("X-Next-Offset").map(offset -> path + "&offset=" + offset).orElse(null);
            if (next != null) {
                assertThat(Integer.parseInt(page.headers().firstValue("X-Next-Offset").orElseThrow()))
                        .isEqualTo(all.size());
            }
        }
        return all;
    }
}
