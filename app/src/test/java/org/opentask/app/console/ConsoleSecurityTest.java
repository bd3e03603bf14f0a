package org.opentask.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;

/**
 * The console's login guards {@code /web/**} and nothing else: the API, the health check and the API docs answer
 * exactly as they did before Spring Security came in.
 */
class ConsoleSecurityTest extends ApiTest {

    @Test
    void every_console_page_sends_a_stranger_to_the_login() {
        for (String page : new String[] {"/web/", "/web/tasks", "/web/tasks/1", "/web/tasks/new", "/web/bots",
                "/web/replay", "/web/webhooks", "/web/dashboard/charts"}) {
            var answer = api.send(api.request(page).GET());
            assertThat(answer.status()).as(page).isEqualTo(302);
        }
        var login = api.send(api.request("/web/login").GET());
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text()).contains("name=\"_csrf\"");
    }

    @Test
    void a_poll_from_an_expired_session_is_sent_to_the_login_as_a_whole_page() {
        var poll = api.send(api.request("/web/tasks/rows").header("HX-Request", "true").GET());

        assertThat(poll.status()).isEqualTo(401);
    }

    @Test
    void a_login_or_an_action_without_the_csrf_token_is_refused() {
        var login = api.send(api.request("/web/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=hope&key=" + ApiClient.KEY)));
        assertThat(login.status()).isEqualTo(403);

        long id = api.createTask(bot("csrf"), "untouched", "P2");
        var start = api.send(api.request("/web/tasks/" + id + "/start")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(start.status()).isIn(302, 403);
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("pending");
    }

    @Test
    void the_api_keeps_its_own_key_check_and_gets_no_headers_or_session_from_the_console() {
        var missing = api.send(api.request("/api/tasks").setHeader("X-Bot-Key", "").GET());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.detail()).isEqualTo("Missing X-Bot-Key header");

        var list = api.send(api.request("/api/tasks?limit=1").GET());
        assertThat(list.status()).isEqualTo(200);

        var raw = rawGet("/api/tasks?limit=1");
        assertThat(raw.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(raw.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(raw.headers().firstValue("Cache-Control")).isEmpty();

        // a form-encoded JSON body, as the original's curl examples send it, still works
        var created = api.send(api.request("/api/tasks").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_name\":\"curl\",\"assigned_to\":\"" + bot("curl")
                        + "\"}")));
        assertThat(created.status()).isEqualTo(200);
    }

    @Test
    void health_and_the_api_docs_stay_open_and_other_paths_are_untouched() {
        var health = api.send(api.request("/health").setHeader("X-Bot-Key", "").GET());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("healthy");
        assertThat(api.send(api.request("/v3/api-docs").GET()).status()).isEqualTo(200);
        assertThat(api.send(api.request("/swagger-ui.html").GET()).status()).isIn(200, 302);
        assertThat(api.send(api.request("/logout").POST(HttpRequest.BodyPublishers.noBody())).status())
                .isNotIn(302, 403);
        assertThat(api.send(api.request("/webjars/htmx.org/dist/htmx.min.js").GET()).status()).isEqualTo(200);
    }

    private java.net.http.HttpResponse<String> rawGet(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(api.request(path).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
