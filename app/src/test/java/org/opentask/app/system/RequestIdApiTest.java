package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;

/** Every answer carries the request's id: the caller's own when it sent a sensible one, else a new one. */
class RequestIdApiTest extends ApiTest {

    @Test
    void an_answer_returns_the_callers_request_id() throws Exception {
        HttpResponse<String> response = send(api.request("/api/tasks/pending?assigned_to=" + bot("rid"))
                .header("X-Request-Id", "trace-42.a"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).contains("trace-42.a");
    }

    @Test
    void without_one_or_with_a_strange_one_the_service_makes_one_even_for_a_refused_call() throws Exception {
        HttpResponse<String> refused = send(api.requestWithoutKey("/api/tasks").header("X-Request-Id", "a b\"c"));
        assertThat(refused.statusCode()).isEqualTo(401);
        String id = refused.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{16}");
        HttpResponse<String> other = send(api.requestWithoutKey("/health"));
        assertThat(other.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{16}").isNotEqualTo(id);
    }

    private static HttpResponse<String> send(java.net.http.HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
