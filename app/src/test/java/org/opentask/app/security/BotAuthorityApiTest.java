package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.RawHttp;

/**
 * A bot's key works its own bot's tasks and nothing else, on every endpoint and every spelling of its path:
 * another bot's task is unknown to it (404), changes it may not make to a task it sees are 403, and nothing it
 * is refused writes anything. An operator does everything. Sent through a raw socket, paths as written.
 */
class BotAuthorityApiTest extends ApiTest {

    private static final String KEYBOT = "keybot";

    private long task(String bot) {
        return api.createTask(bot, "authority", "P2");
    }

    private long running(String bot) {
        long id = task(bot);
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        return id;
    }

    private long failed(String bot) {
        long id = running(bot);
        assertThat(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"x\"}").status()).isEqualTo(200);
        return id;
    }

    private RawHttp.Answer asBot(String method, String path, String body) {
        return body == null ? RawHttp.send(port, method, path, null, "X-Bot-Key", BOT_KEY)
                : RawHttp.send(port, method, path, body, "X-Bot-Key", BOT_KEY, "Content-Type", "application/json");
    }

    private long written() {
        return count("SELECT COUNT(*) FROM domain_event_entry") + count("SELECT COUNT(*) FROM bot_task_log");
    }

    /** Each call on one task, with the state the task needs for the call to be allowed at all. */
    record Call(String method, String path, String body, String state) {
    }

    static Stream<Call> taskCalls() {
        return Stream.of(
                new Call("GET", "/api/tasks/{id}", null, "pending"),
                new Call("GET", "/api/tasks/{id}?at=2100-01-01T00:00:00", null, "pending"),
                new Call("GET", "/api/logs/{id}", null, "pending"),
                new Call("GET", "/api/tasks/{id}/events", null, "pending"),
                new Call("PUT", "/api/tasks/{id}", "{\"priority\":\"P0\"}", "pending"),
                new Call("PUT", "/api/tasks/{id}", "{\"assigned_to\":\"keybot\"}", "pending"),
                new Call("PUT", "/api/tasks/{id}", "{\"progress\":50}", "running"),
                new Call("DELETE", "/api/tasks/{id}", null, "pending"),
                new Call("PUT", "/api/tasks/{id}/start", null, "pending"),
                new Call("PUT", "/api/tasks/{id}/heartbeat", "{\"progress\":10}", "running"),
                new Call("PUT", "/api/tasks/{id}/complete", "{\"result\":\"done\"}", "running"),
                new Call("PUT", "/api/tasks/{id}/fail", "{\"error_message\":\"boom\"}", "running"),
                new Call("PUT", "/api/tasks/{id}/retry", null, "failed"),
                new Call("PUT", "/api/tasks/{id}/cancel", null, "pending"));
    }

    /** The same paths spelled otherwise: Spring routes each to the same call. */
    static List<String> spellings(String path) {
        return List.of(path, path.replace("/api/", "/%61pi/"), path.replace("/tasks/", "/t%61sks/"),
                path.replace("/api/", "/api;x=1/"), path.replace("/logs/", "/%6cogs/"));
    }

    private long inState(String bot, String state) {
        return switch (state) {
            case "running" -> running(bot);
            case "failed" -> failed(bot);
            default -> task(bot);
        };
    }

    @ParameterizedTest
    @MethodSource("taskCalls")
    void another_bots_task_is_unknown_to_a_bot_on_every_call_and_spelling(Call call) {
        long id = inState(bot("anna"), call.state());
        for (String spelling : spellings(call.path().replace("{id}", Long.toString(id)))) {
            long before = written();
            RawHttp.Answer answer = asBot(call.method(), spelling, call.body());
            assertThat(answer.status()).as(call.method() + " " + spelling).isIn(404, 400);
            assertThat(answer.body()).as(spelling).doesNotContain("authority");
            assertThat(written()).as(spelling).isEqualTo(before);
        }
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo(call.state());
    }

    @ParameterizedTest
    @MethodSource("taskCalls")
    void an_operator_may_make_every_call_on_any_task(Call call) {
        long id = inState(bot("anna"), call.state());
        for (String key : new String[] {ApiClient.KEY, OPERATOR_KEY}) {
            long task = key.equals(ApiClient.KEY) ? id : inState(bot("anna"), call.state());
            String path = call.path().replace("{id}", Long.toString(task));
            RawHttp.Answer answer = call.body() == null ? RawHttp.send(port, call.method(), path, null, "X-Bot-Key", key)
                    : RawHttp.send(port, call.method(), path, call.body(), "X-Bot-Key", key,
                    "Content-Type", "application/json");
            assertThat(answer.status()).as(call.method() + " " + path).isEqualTo(200);
        }
    }

    @Test
    void a_bot_works_its_own_tasks_through_the_whole_lifecycle() {
        long id = task(KEYBOT);
        assertThat(asBot("GET", "/api/tasks/" + id, null).status()).isEqualTo(200);
        assertThat(asBot("GET", "/api/tasks/pending?assigned_to=keybot", null).body()).contains("\"id\":" + id);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/start", null).status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/heartbeat", "{\"progress\":40}").status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id, "{\"progress\":60}").status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/fail", "{\"error_message\":\"x\"}").status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/retry", null).status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/start", null).status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status()).isEqualTo(200);
        assertThat(asBot("GET", "/api/logs/" + id, null).status()).isEqualTo(200);
        assertThat(asBot("GET", "/api/tasks/" + id + "/events", null).status()).isEqualTo(200);
    }

    @Test
    void a_bot_may_not_edit_cancel_or_delete_a_task_an_operator_gave_it() {
        long id = task(KEYBOT);
        for (String[] call : new String[][] {{"PUT", "/api/tasks/" + id, "{\"priority\":\"P0\"}"},
                {"PUT", "/api/tasks/" + id + "/cancel", null}, {"DELETE", "/api/tasks/" + id, null}}) {
            RawHttp.Answer answer = asBot(call[0], call[1], call[2]);
            assertThat(answer.status()).as(call[0] + " " + call[1]).isEqualTo(403);
            assertThat(answer.body()).contains("keybot");
        }
        assertThat(api.get("/api/tasks/" + id).json().get("priority").asString()).isEqualTo("P2");
    }

    @Test
    void a_bot_delegates_and_may_then_edit_cancel_and_delete_what_it_created_but_not_work_it() {
        String anna = bot("anna");
        RawHttp.Answer created = asBot("POST", "/api/tasks", "{\"task_name\":\"delegated\",\"assigned_to\":\""
                + anna + "\"}");
        assertThat(created.status()).isEqualTo(200);
        long id = Long.parseLong(created.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));

        assertThat(asBot("PUT", "/api/tasks/" + id + "/start", null).status()).isEqualTo(403);
        assertThat(asBot("PUT", "/api/tasks/" + id, "{\"priority\":\"P1\"}").status()).isEqualTo(200);
        assertThat(asBot("PUT", "/api/tasks/" + id + "/cancel", null).status()).isEqualTo(200);
        assertThat(asBot("DELETE", "/api/tasks/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void a_bot_lists_and_claims_only_its_own_queue() {
        String anna = bot("anna");
        long annas = task(anna);
        long own = task(KEYBOT);

        assertThat(asBot("GET", "/api/tasks/pending?assigned_to=" + anna, null).status()).isEqualTo(403);
        assertThat(asBot("GET", "/api/tasks?assigned_to=" + anna, null).status()).isEqualTo(403);
        assertThat(asBot("POST", "/api/tasks/claim?assigned_to=" + anna, null).status()).isEqualTo(403);
        assertThat(asBot("POST", "/api/t%61sks/claim?assigned_to=" + anna, null).status()).isEqualTo(403);
        RawHttp.Answer all = asBot("GET", "/api/tasks?limit=1000", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("\"id\":" + own).doesNotContain("\"id\":" + annas + ",")
                .doesNotContain("\"assigned_to\":\"" + anna);
        assertThat(api.get("/api/tasks/" + annas).json().get("status").asString()).isEqualTo("pending");
    }

    @Test
    void a_bot_named_with_capitals_and_hyphens_has_its_key_from_a_list() {
        long id = task("Other-Bot");
        RawHttp.Answer started = RawHttp.send(port, "PUT", "/api/tasks/" + id + "/start", null,
                "X-Bot-Key", OTHER_BOT_KEY);
        assertThat(started.status()).isEqualTo(200);
        assertThat(api.get("/api/logs/" + id).json().get(0).get("operator").asString()).isEqualTo("Other-Bot");
        assertThat(asBot("GET", "/api/tasks/" + id, null).status()).isEqualTo(404);
    }
}
