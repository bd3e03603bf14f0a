package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;

/** Every {@code /api/**} call needs the key; a missing or wrong one is a 401 that says which, and writes nothing. */
class ApiKeyTest extends ApiTest {

    /** One call of every row of the contract's endpoint table: method, path, body. */
    static Stream<List<String>> everyEndpoint() {
        return Stream.of(
                List.of("POST", "/api/tasks", "{\"task_name\":\"x\",\"assigned_to\":\"anna\"}"),
                List.of("GET", "/api/tasks?assigned_to=anna", ""),
                List.of("GET", "/api/tasks/pending?assigned_to=anna", ""),
                List.of("GET", "/api/tasks/1", ""),
                List.of("PUT", "/api/tasks/1", "{\"priority\":\"P0\"}"),
                List.of("DELETE", "/api/tasks/1", ""),
                List.of("PUT", "/api/tasks/1/start", ""),
                List.of("PUT", "/api/tasks/1/complete", "{\"result\":\"done\"}"),
                List.of("PUT", "/api/tasks/1/fail", "{\"error_message\":\"boom\"}"),
                List.of("PUT", "/api/tasks/1/retry", ""),
                List.of("PUT", "/api/tasks/1/cancel", ""),
                List.of("GET", "/api/stats/today", ""),
                List.of("GET", "/api/logs/1", ""));
    }

    private ApiClient.Response send(List<String> call, String key) {
        HttpRequest.Builder request = api.requestWithoutKey(call.get(1));
        if (key != null) {
            request.header("X-Bot-Key", key);
        }
        String body = call.get(2);
        request.method(call.get(0), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        return api.send(request);
    }

    private long written() {
        return count("SELECT COUNT(*) FROM domain_event_entry") + count("SELECT COUNT(*) FROM bot_task_log")
                + count("SELECT COUNT(*) FROM bot_task");
    }

    @ParameterizedTest
    @MethodSource("everyEndpoint")
    void a_call_without_the_key_is_401_missing_and_writes_nothing(List<String> call) {
        // a task with id 1 may exist (another test made it): without the key nothing may touch it
        long before = written();
        ApiClient.Response response = send(call, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).contains("json");
        assertThat(response.detail()).isEqualTo("Missing X-Bot-Key header");
        assertThat(written()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyEndpoint")
    void a_call_with_a_wrong_key_is_401_invalid_and_writes_nothing(List<String> call) {
        long before = written();
        ApiClient.Response response = send(call, "not-the-key");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).contains("json");
        assertThat(response.detail()).isEqualTo("Invalid API Key");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void an_empty_key_counts_as_missing() {
        ApiClient.Response response = api.send(api.requestWithoutKey("/api/tasks").header("X-Bot-Key", "").GET());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.detail()).isEqualTo("Missing X-Bot-Key header");
    }

    @Test
    void the_key_is_compared_exactly() {
        for (String key : new String[] {ApiClient.KEY.toUpperCase(), ApiClient.KEY + "x",
                ApiClient.KEY.substring(1)}) {
            ApiClient.Response response = api.send(api.requestWithoutKey("/api/tasks").header("X-Bot-Key", key).GET());
            assertThat(response.status()).as(key).isEqualTo(401);
            assertThat(response.detail()).isEqualTo("Invalid API Key");
        }
    }

    /** Spring routes these to {@code /api/tasks} too: the key check must see them as API calls. */
    @ParameterizedTest
    @MethodSource("disguisedPaths")
    void a_disguised_api_path_still_needs_the_key(String path) {
        long before = written();
        ApiClient.Response list = api.send(api.requestWithoutKey(path).GET());
        assertThat(list.status()).as("GET " + path).isIn(401, 400, 404);
        assertThat(list.text()).doesNotContain("task_name");
        ApiClient.Response create = api.send(api.requestWithoutKey(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_name\":\"sneaky\",\"assigned_to\":\"anna\"}")));
        assertThat(create.status()).as("POST " + path).isIn(401, 400, 404, 405);
        assertThat(written()).isEqualTo(before);
    }

    static Stream<String> disguisedPaths() {
        return Stream.of("/api;x=1/tasks", "/%61pi/tasks", "/api/tasks;x=1", "/api/./tasks", "/api//tasks",
                "/api/%74asks");
    }

    @Test
    void health_needs_no_key() {
        ApiClient.Response health = api.send(api.requestWithoutKey("/health").GET());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.contentType()).contains("application/json");
        assertThat(health.text()).isEqualTo("{\"status\":\"healthy\"}");
    }

    @Test
    void the_right_key_passes() {
        assertThat(api.get("/api/tasks?assigned_to=" + bot("nobody")).status()).isEqualTo(200);
    }
}
