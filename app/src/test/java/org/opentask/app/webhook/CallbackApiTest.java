package org.opentask.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentask.app.webhook.Webhooked.check;
import static org.opentask.app.webhook.Webhooked.eventually;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A task that names a {@code callback_url} when it is created: told of its end, signed with the callbacks' secret. */
class CallbackApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = WebhookSecret.generate();
    private static AppInstance service;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        service = Webhooked.start(Webhooked.newDatabase(),
                "opentask.webhooks.callbacks.enabled=true",
                "opentask.webhooks.callbacks.allowed-hosts=127.0.0.1,*.example.org",
                "opentask.webhooks.callbacks.secret=" + SECRET);
        api = service.api;
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static long create(String bot, String callbackUrl) {
        ApiClient.Response created = api.post("/api/tasks", "{\"task_name\":\"called back\",\"assigned_to\":\"" + bot
                + "\",\"callback_url\":\"" + callbackUrl + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().has("callback_url")).isFalse();
        return created.json().get("id").asLong();
    }

    private static List<String> types(Receiver receiver) {
        return receiver.requests.stream().map(r -> JSON.readTree(r.body()).get("type").asString()).toList();
    }

    @Test
    void the_callback_url_hears_of_the_end_of_its_task_only() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            long id = create("callee", receiver.url());
            long other = api.createTask("callee", "no callback", "P2");
            check(api.put("/api/tasks/" + other + "/start"));
            check(api.put("/api/tasks/" + other + "/complete", "{\"result\":\"x\"}"));
            check(api.put("/api/tasks/" + id + "/start"));
            check(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}"));

            eventually(Duration.ofSeconds(10), "the callback", () -> receiver.delivered().size() == 1);
            Thread.sleep(500);
            assertThat(receiver.requests).hasSize(1);
            Receiver.Request request = receiver.requests.get(0);
            assertThat(request.signedWith(SECRET)).isTrue();
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.get("type").asString()).isEqualTo("task.completed");
            assertThat(body.get("data")).isEqualTo(api.get("/api/tasks/" + id).json());
            JsonNode delivery = api.get("/api/admin/webhooks/deliveries?task_id=" + id).json().get(0);
            assertThat(delivery.get("subscription_id").isNull()).isTrue();
            assertThat(delivery.get("url").asString()).isEqualTo(receiver.url());
        }
    }

    @Test
    void a_failure_that_may_be_retried_is_told_and_so_is_the_end_after_the_retry() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            long id = create("callee", receiver.url());
            check(api.put("/api/tasks/" + id + "/start"));
            check(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"flaky\"}"));
            eventually(Duration.ofSeconds(10), "the failure", () -> receiver.delivered().size() == 1);
            check(api.put("/api/tasks/" + id + "/retry"));
            check(api.put("/api/tasks/" + id + "/start"));
            check(api.put("/api/tasks/" + id + "/cancel"));
            eventually(Duration.ofSeconds(10), "the end", () -> receiver.delivered().size() == 2);
            assertThat(types(receiver)).containsExactly("task.failed", "task.cancelled");
        }
    }

    @Test
    void a_callback_url_off_the_allowed_hosts_or_malformed_is_refused_and_no_task_is_created() {
        int before = api.get("/api/tasks?assigned_to=refused-callee").json().size();
        for (String url : new String[] {"http://elsewhere.example.com/x", "ftp://127.0.0.1/x", "not a url",
                "http://example.org.evil.com/x"}) {
            ApiClient.Response answer = api.post("/api/tasks", "{\"task_name\":\"t\",\"assigned_to\":"
                    + "\"refused-callee\",\"callback_url\":\"" + url + "\"}");
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.json().get("field").asString()).as(url).isEqualTo("callback_url");
        }
        assertThat(api.get("/api/tasks?assigned_to=refused-callee").json().size()).isEqualTo(before);
    }
}
