package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.system.OpenTaskProperties;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The contract's error cases through the real HTTP port: 404 for unknown and deleted tasks, 409 for illegal
 * transitions, 400 naming the field for bad input, 413 above the body bound; none of them writes anything.
 */
class ApiErrorTest extends ApiTest {

    @Autowired
    OpenTaskProperties properties;

    /** Everything a call could have written: events, task rows, audit rows. */
    private List<Long> written() {
        return List.of(count("SELECT COUNT(*) FROM domain_event_entry"), count("SELECT COUNT(*) FROM bot_task"),
                count("SELECT COUNT(*) FROM bot_task_log"),
                count("SELECT COUNT(*) FROM bot_task WHERE update_time > created_time"));
    }

    private void assertError(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).contains("json");
        assertThat(response.detail()).isNotBlank();
    }

    /** Every call on one task, by id: method, path suffix, body. */
    static Stream<List<String>> everyCallOnATask() {
        return Stream.of(
                List.of("GET", "", ""),
                List.of("PUT", "", "{\"priority\":\"P0\"}"),
                List.of("DELETE", "", ""),
                List.of("PUT", "/start", ""),
                List.of("PUT", "/complete", "{\"result\":\"done\"}"),
                List.of("PUT", "/fail", "{\"error_message\":\"boom\"}"),
                List.of("PUT", "/retry", ""),
                List.of("PUT", "/cancel", ""));
    }

    private ApiClient.Response call(List<String> call, String id) {
        String body = call.get(2);
        return api.call(call.get(0), "/api/tasks/" + id + call.get(1), body.isEmpty() ? null : "application/json",
                body.isEmpty() ? null : body);
    }

    // ---------------------------------------------------------------- 404

    @ParameterizedTest
    @MethodSource("everyCallOnATask")
    void an_unknown_task_is_404_and_nothing_is_written(List<String> call) {
        List<Long> before = written();
        ApiClient.Response response = call(call, "987654321098");
        assertError(response, 404);
        assertThat(response.detail()).isEqualTo("Task 987654321098 not found");
        assertThat(written()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyCallOnATask")
    void a_deleted_task_is_404_and_nothing_is_written(List<String> call) {
        long id = api.createTask(bot("gone"), "gone", "P2");
        assertThat(api.delete("/api/tasks/" + id).status()).isEqualTo(200);
        List<Long> before = written();
        ApiClient.Response response = call(call, Long.toString(id));
        assertError(response, 404);
        assertThat(response.detail()).isEqualTo("Task " + id + " not found");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void the_log_of_an_unknown_task_is_404() {
        assertError(api.get("/api/logs/987654321098"), 404);
    }

    // ---------------------------------------------------------------- 409

    /** Brings a new task to {@code status} through the API and answers its id. */
    private long taskIn(String status) {
        long id = api.createTask(bot("conflict"), status, "P2");
        switch (status) {
            case "running" -> api.put("/api/tasks/" + id + "/start");
            case "completed" -> {
                api.put("/api/tasks/" + id + "/start");
                api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}");
            }
            case "failed" -> {
                api.put("/api/tasks/" + id + "/start");
                api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"no\"}");
            }
            case "cancelled" -> api.put("/api/tasks/" + id + "/cancel");
            default -> {
            }
        }
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo(status);
        return id;
    }

    static Stream<Arguments> illegalTransitions() {
        return Stream.of(
                Arguments.of("pending", "/complete", "{\"result\":\"x\"}"),
                Arguments.of("pending", "/fail", "{\"error_message\":\"x\"}"),
                Arguments.of("pending", "/retry", ""),
                Arguments.of("running", "/start", ""),
                Arguments.of("running", "/retry", ""),
                Arguments.of("completed", "/start", ""),
                Arguments.of("completed", "/complete", "{\"result\":\"again\"}"),
                Arguments.of("completed", "/fail", "{\"error_message\":\"late\"}"),
                Arguments.of("completed", "/retry", ""),
                Arguments.of("completed", "/cancel", ""),
                Arguments.of("completed", "", "{\"progress\":50}"),
                Arguments.of("failed", "/start", ""),
                Arguments.of("failed", "/complete", "{\"result\":\"x\"}"),
                Arguments.of("failed", "/fail", "{\"error_message\":\"x\"}"),
                Arguments.of("failed", "", "{\"progress\":50}"),
                Arguments.of("cancelled", "/start", ""),
                Arguments.of("cancelled", "/complete", "{\"result\":\"x\"}"),
                Arguments.of("cancelled", "/fail", "{\"error_message\":\"x\"}"),
                Arguments.of("cancelled", "/retry", ""),
                Arguments.of("cancelled", "/cancel", ""),
                Arguments.of("cancelled", "", "{\"progress\":50,\"task_name\":\"too\"}"));
    }

    @ParameterizedTest(name = "{1} on a {0} task")
    @MethodSource("illegalTransitions")
    void an_illegal_transition_is_409_naming_the_current_status_and_writes_nothing(String status, String action,
                                                                                  String body) {
        long id = taskIn(status);
        String before = api.get("/api/tasks/" + id).text();
        List<Long> written = written();

        ApiClient.Response response = api.call("PUT", "/api/tasks/" + id + action,
                body.isEmpty() ? null : "application/json", body.isEmpty() ? null : body);

        assertError(response, 409);
        assertThat(response.detail()).contains("Task " + id + " is " + status);
        assertThat(response.json().get("current_status").asString()).isEqualTo(status);
        assertThat(written()).isEqualTo(written);
        assertThat(api.get("/api/tasks/" + id).text()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- 400

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of("{\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":null,\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":\"\",\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":\"   \",\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":\"" + "n".repeat(101) + "\",\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":123,\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":true,\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":{\"a\":1},\"assigned_to\":\"anna\"}", "task_name"),
                Arguments.of("{\"task_name\":\"x\"}", "assigned_to"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"\"}", "assigned_to"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"" + "b".repeat(51) + "\"}", "assigned_to"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":[\"anna\"]}", "assigned_to"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"priority\":\"P3\"}", "priority"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"priority\":\"urgent\"}", "priority"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"priority\":0}", "priority"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"max_retry\":-1}", "max_retry"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"max_retry\":\"many\"}", "max_retry"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"max_retry\":1.5}", "max_retry"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"max_retry\":99999999999}", "max_retry"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"task_description\":{\"a\":1}}",
                        "task_description"),
                Arguments.of("{\"task_name\":\"x\",\"assigned_to\":\"anna\",\"created_by\":\"" + "c".repeat(51)
                        + "\"}", "created_by"));
    }

    @ParameterizedTest
    @MethodSource("badCreates")
    void a_bad_create_is_400_naming_the_field_and_writes_nothing(String body, String field) {
        List<Long> before = written();
        ApiClient.Response response = api.post("/api/tasks", body);
        assertError(response, 400);
        assertThat(response.detail()).contains(field);
        assertThat(response.json().get("field").asString()).isEqualTo(field);
        assertThat(written()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("badCreates")
    void a_bad_create_sent_as_curls_form_content_type_is_400_too(String body, String field) {
        List<Long> before = written();
        ApiClient.Response response = api.curlD("POST", "/api/tasks", body);
        assertError(response, 400);
        assertThat(response.detail()).contains(field);
        assertThat(written()).isEqualTo(before);
    }

    static Stream<Arguments> badUpdates() {
        return Stream.of(
                Arguments.of("{\"progress\":-1}", "progress"),
                Arguments.of("{\"progress\":101}", "progress"),
                Arguments.of("{\"progress\":\"half\"}", "progress"),
                Arguments.of("{\"progress\":50.5}", "progress"),
                Arguments.of("{\"progress\":true}", "progress"),
                Arguments.of("{\"task_name\":\"\"}", "task_name"),
                Arguments.of("{\"task_name\":\"" + "n".repeat(101) + "\"}", "task_name"),
                Arguments.of("{\"task_name\":7}", "task_name"),
                Arguments.of("{\"assigned_to\":\"" + "b".repeat(51) + "\"}", "assigned_to"),
                Arguments.of("{\"assigned_to\":\" \"}", "assigned_to"),
                Arguments.of("{\"priority\":\"P7\"}", "priority"),
                Arguments.of("{\"status\":\"completed\"}", "status"),
                Arguments.of("{\"task_description\":[1]}", "task_description"),
                // a valid field beside a bad one: still nothing written
                Arguments.of("{\"task_name\":\"fine\",\"progress\":200}", "progress"));
    }

    @ParameterizedTest
    @MethodSource("badUpdates")
    void a_bad_update_is_400_naming_the_field_and_writes_nothing(String body, String field) {
        long id = api.createTask(bot("bad"), "target", "P2");
        String task = api.get("/api/tasks/" + id).text();
        List<Long> before = written();
        ApiClient.Response response = api.put("/api/tasks/" + id, body);
        assertError(response, 400);
        assertThat(response.detail()).contains(field);
        assertThat(response.json().get("field").asString()).isEqualTo(field);
        assertThat(written()).isEqualTo(before);
        assertThat(api.get("/api/tasks/" + id).text()).isEqualTo(task);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("POST", "", "{\"task_name\":\"x\",\"assigned_to\":"),
                Arguments.of("POST", "", "{task_name: x}"),
                Arguments.of("POST", "", "[1,2]"),
                Arguments.of("POST", "", "\"just a string\""),
                Arguments.of("PUT", "/{id}", "{\"progress\":"),
                Arguments.of("PUT", "/{id}/complete", "{\"result\":\"x\""),
                Arguments.of("PUT", "/{id}/fail", "{oops}"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void malformed_json_is_400_and_writes_nothing(String method, String path, String body) {
        long id = api.createTask(bot("malformed"), "target", "P2");
        api.put("/api/tasks/" + id + "/start");
        List<Long> before = written();
        for (String contentType : new String[] {"application/json", "application/x-www-form-urlencoded"}) {
            ApiClient.Response response = api.call(method, "/api/tasks" + path.replace("{id}", "" + id),
                    contentType, body);
            assertError(response, 400);
            assertThat(response.detail()).containsIgnoringCase("json");
        }
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void a_create_without_a_body_is_400() {
        List<Long> before = written();
        ApiClient.Response response = api.call("POST", "/api/tasks", "application/json", null);
        assertError(response, 400);
        assertThat(response.detail()).containsIgnoringCase("body");
        assertThat(written()).isEqualTo(before);
    }

    static Stream<String> nonNumericIds() {
        return Stream.of("abc", "1.5", "12abc", "99999999999999999999999", "%20");
    }

    @ParameterizedTest
    @MethodSource("nonNumericIds")
    void a_non_numeric_id_is_400_naming_the_id_on_every_call(String id) {
        List<Long> before = written();
        everyCallOnATask().forEach(call -> {
            ApiClient.Response response = call(call, id);
            assertError(response, 400);
            assertThat(response.json().get("field").asString()).as(call.toString()).isEqualTo("id");
            assertThat(response.detail()).startsWith("id must be an integer");
        });
        ApiClient.Response log = api.get("/api/logs/" + id);
        assertError(log, 400);
        assertThat(log.json().get("field").asString()).isEqualTo("task_id");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void bad_list_and_pending_parameters_are_400_naming_them() {
        assertThat(api.get("/api/tasks?status=done").json().get("field").asString()).isEqualTo("status");
        assertThat(api.get("/api/tasks?priority=P9").json().get("field").asString()).isEqualTo("priority");
        assertThat(api.get("/api/tasks?limit=0").json().get("field").asString()).isEqualTo("limit");
        assertThat(api.get("/api/tasks?limit=abc").json().get("field").asString()).isEqualTo("limit");
        assertThat(api.get("/api/tasks?offset=-1").json().get("field").asString()).isEqualTo("offset");
        ApiClient.Response pending = api.get("/api/tasks/pending");
        assertError(pending, 400);
        assertThat(pending.json().get("field").asString()).isEqualTo("assigned_to");
        assertError(api.get("/api/tasks/pending?assigned_to="), 400);
    }

    @Test
    void a_too_long_operator_header_is_400_naming_it() {
        long id = api.createTask(bot("op"), "target", "P2");
        List<Long> before = written();
        ApiClient.Response response = api.call("PUT", "/api/tasks/" + id + "/start", null, null,
                "X-Operator", "o".repeat(101));
        assertError(response, 400);
        assertThat(response.detail()).contains("X-Operator");
        assertThat(written()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- 413

    @Test
    void a_body_over_the_bound_is_413_and_writes_nothing() {
        int max = properties.maxRequestBytes();
        String prefix = "{\"task_name\":\"big\",\"assigned_to\":\"" + bot("big") + "\",\"task_description\":\"";
        String over = prefix + "x".repeat(max + 1 - prefix.length() - 2) + "\"}";
        assertThat(over.length()).isEqualTo(max + 1);
        List<Long> before = written();

        for (String contentType : new String[] {"application/json", "application/x-www-form-urlencoded"}) {
            ApiClient.Response response = api.call("POST", "/api/tasks", contentType, over);
            assertError(response, 413);
            assertThat(response.detail()).isEqualTo("Request body is larger than " + max + " bytes");
        }
        long id = api.createTask(bot("big"), "target", "P2");
        before = written();
        assertError(api.put("/api/tasks/" + id, "{\"task_description\":\"" + "y".repeat(max) + "\"}"), 413);
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void a_body_exactly_at_the_bound_is_accepted() {
        int max = properties.maxRequestBytes();
        String prefix = "{\"task_name\":\"big\",\"assigned_to\":\"" + bot("big") + "\",\"task_description\":\"";
        String description = "z".repeat(max - prefix.length() - 2);
        ApiClient.Response response = api.post("/api/tasks", prefix + description + "\"}");
        assertThat(response.status()).isEqualTo(200);
        long id = response.json().get("id").asLong();
        assertThat(api.get("/api/tasks/" + id).json().get("task_description").asString()).isEqualTo(description);
    }
}
