package org.opentask.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentask.app.webhook.Webhooked.completed;
import static org.opentask.app.webhook.Webhooked.eventually;
import static org.opentask.app.webhook.Webhooked.subscribe;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions and deliveries through the real API, to real receivers on loopback ports: what a delivery carries,
 * its signature, retries with the same webhook-id, the retry window, redelivery, and a replay sending nothing.
 */
class WebhookApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOT_KEY = "webhook-test-bot-key";
    private static AppInstance service;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        service = Webhooked.start(Webhooked.newDatabase(),
                "opentask.security.bot-keys.hookbot=" + BOT_KEY,
                "opentask.webhooks.first-retry-delay=200ms",
                "opentask.webhooks.max-retry-delay=400ms",
                "opentask.webhooks.retry-for=4s",
                "opentask.webhooks.excerpt-chars=100");
        api = service.api;
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String bot() {
        return "hook-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode deliveriesOf(long subscriptionId) {
        return api.get("/api/admin/webhooks/deliveries?subscription_id=" + subscriptionId).json();
    }

    @Test
    void a_completed_task_is_posted_signed_with_the_task_as_the_api_shows_it() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String bot = bot();
            JsonNode subscription = subscribe(api, receiver.url(), "\"completed\",\"failed\"",
                    "\"bot\":\"" + bot + "\"");
            String secret = subscription.get("secret").asString();
            assertThat(secret).startsWith("whsec_");

            long id = completed(api, bot);
            eventually(Duration.ofSeconds(10), "the delivery", () -> receiver.delivered().size() == 1);

            Receiver.Request request = receiver.requests.get(0);
            assertThat(request.signedWith(secret)).isTrue();
            assertThat(request.signedWith(WebhookSecret.generate())).isFalse();
            assertThat(Long.parseLong(request.timestamp()))
                    .isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 1);
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.get("type").asString()).isEqualTo("task.completed");
            assertThat(body.get("timestamp").asString()).endsWith("Z");
            JsonNode task = api.get("/api/tasks/" + id).json();
            assertThat(body.get("data")).isEqualTo(task);

            long subscriptionId = subscription.get("id").asLong();
            eventually(Duration.ofSeconds(5), "delivered recorded",
                    () -> deliveriesOf(subscriptionId).get(0).get("status").asString().equals("delivered"));
            JsonNode delivery = deliveriesOf(subscriptionId).get(0);
            assertThat(delivery.get("webhook_id").asString()).isEqualTo(request.id());
            assertThat(delivery.get("task_id").asLong()).isEqualTo(id);
            assertThat(delivery.get("type").asString()).isEqualTo("task.completed");
            JsonNode attempts = api.get("/api/admin/webhooks/deliveries/" + delivery.get("id").asLong())
                    .json().get("attempts");
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(200);
            assertThat(attempts.get(0).get("response_excerpt").asString()).isEqualTo("ok");
        }
    }

    @Test
    void filters_and_event_kinds_pick_what_a_subscription_gets() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String bot = bot();
            subscribe(api, receiver.url(), "\"created\",\"started\",\"failed\",\"exhausted\"",
                    "\"bot\":\"" + bot + "\",\"task_name_prefix\":\"deploy\"");

            long other = api.createTask(bot(), "deploy x", "P2");
            long misnamed = api.createTask(bot, "build x", "P2");
            long id = api.post("/api/tasks", "{\"task_name\":\"deploy y\",\"assigned_to\":\"" + bot
                    + "\",\"max_retry\":0}").json().get("id").asLong();
            Webhooked.check(api.put("/api/tasks/" + id + "/start"));
            Webhooked.check(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"broke\"}"));

            eventually(Duration.ofSeconds(10), "four deliveries", () -> receiver.delivered().size() == 4);
            Thread.sleep(500);
            List<String> types = receiver.requests.stream()
                    .map(r -> JSON.readTree(r.body()).get("type").asString()).sorted().toList();
            assertThat(types).containsExactly("task.created", "task.exhausted", "task.failed", "task.started");
            assertThat(receiver.requests).allSatisfy(r ->
                    assertThat(JSON.readTree(r.body()).get("data").get("id").asLong()).isEqualTo(id));
            assertThat(receiver.requests.stream().map(Receiver.Request::id).distinct()).hasSize(4);
            assertThat(other).isNotEqualTo(misnamed);
        }
    }

    @Test
    void a_failing_receiver_gets_the_same_webhook_id_until_it_answers_and_the_excerpt_is_bounded() throws Exception {
        try (Receiver receiver = Receiver.answering(n -> n < 2 ? 503 : 200)) {
            receiver.answerBody("x".repeat(5000));
            String bot = bot();
            JsonNode subscription = subscribe(api, receiver.url(), "\"completed\"", "\"bot\":\"" + bot + "\"");
            completed(api, bot);

            eventually(Duration.ofSeconds(10), "the third attempt", () -> receiver.delivered().size() == 1);
            assertThat(receiver.requests).hasSize(3);
            assertThat(receiver.requests.stream().map(Receiver.Request::id).distinct()).hasSize(1);
            String secret = subscription.get("secret").asString();
            assertThat(receiver.requests).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());

            long subscriptionId = subscription.get("id").asLong();
            eventually(Duration.ofSeconds(5), "delivered recorded",
                    () -> deliveriesOf(subscriptionId).get(0).get("status").asString().equals("delivered"));
            JsonNode delivery = api.get("/api/admin/webhooks/deliveries/"
                    + deliveriesOf(subscriptionId).get(0).get("id").asLong()).json();
            assertThat(delivery.get("attempt_count").asInt()).isEqualTo(3);
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts).hasSize(3);
            assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(503);
            assertThat(attempts.get(1).get("status_code").asInt()).isEqualTo(503);
            assertThat(attempts.get(2).get("status_code").asInt()).isEqualTo(200);
            assertThat(attempts.get(0).get("response_excerpt").asString()).hasSize(100);
        }
    }

    @Test
    void a_delivery_never_answered_with_success_fails_when_its_window_closes_and_can_be_redelivered()
            throws Exception {
        try (Receiver receiver = Receiver.answering(500)) {
            String bot = bot();
            JsonNode subscription = subscribe(api, receiver.url(), "\"completed\"", "\"bot\":\"" + bot + "\"");
            completed(api, bot);
            long subscriptionId = subscription.get("id").asLong();

            eventually(Duration.ofSeconds(15), "failed",
                    () -> deliveriesOf(subscriptionId).get(0).get("status").asString().equals("failed"));
            JsonNode failed = deliveriesOf(subscriptionId).get(0);
            int attemptsBefore = failed.get("attempt_count").asInt();
            assertThat(attemptsBefore).isGreaterThanOrEqualTo(3);
            assertThat(receiver.requests).hasSize(attemptsBefore);
            Thread.sleep(600);
            assertThat(receiver.requests).hasSize(attemptsBefore);

            receiver.answerWith(n -> 204);
            ApiClient.Response redeliver = api.post("/api/admin/webhooks/deliveries/" + failed.get("id").asLong()
                    + "/redeliver", null);
            assertThat(redeliver.status()).isEqualTo(202);
            eventually(Duration.ofSeconds(10), "redelivered", () -> receiver.delivered().size() == 1);
            assertThat(receiver.delivered().get(0).id()).isEqualTo(failed.get("webhook_id").asString());
            eventually(Duration.ofSeconds(5), "delivered recorded",
                    () -> deliveriesOf(subscriptionId).get(0).get("status").asString().equals("delivered"));
            assertThat(api.post("/api/admin/webhooks/deliveries/999999999/redeliver", null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void a_replay_of_the_read_models_sends_nothing_again() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String bot = bot();
            subscribe(api, receiver.url(), "\"created\",\"started\",\"completed\"", "\"bot\":\"" + bot + "\"");
            completed(api, bot);
            completed(api, bot);
            eventually(Duration.ofSeconds(10), "six deliveries", () -> receiver.delivered().size() == 6);

            assertThat(api.post("/api/admin/replay", null).status()).isEqualTo(202);
            eventually(Duration.ofSeconds(60), "the replay", () ->
                    api.get("/api/admin/replay").json().get("state").asString().equals("completed"));
            Thread.sleep(1500);

            assertThat(receiver.requests).hasSize(6);
        }
    }

    @Test
    void subscriptions_are_listed_changed_disabled_and_deleted_and_the_secret_is_shown_once() throws Exception {
        String given = WebhookSecret.generate();
        JsonNode created = subscribe(api, "http://127.0.0.1:9/a", "\"completed\"", "\"secret\":\"" + given + "\"");
        long id = created.get("id").asLong();
        assertThat(created.get("secret").asString()).isEqualTo(given);
        assertThat(created.get("enabled").asBoolean()).isTrue();

        JsonNode one = api.get("/api/admin/webhooks/" + id).json();
        assertThat(one.has("secret")).isFalse();
        assertThat(one.get("events").get(0).asString()).isEqualTo("completed");
        assertThat(api.get("/api/admin/webhooks").json().findValues("secret")).isEmpty();

        ApiClient.Response changed = api.put("/api/admin/webhooks/" + id,
                "{\"enabled\":false,\"events\":[\"failed\",\"cancelled\"],\"bot\":\"someone\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("enabled").asBoolean()).isFalse();
        assertThat(changed.json().get("events").size()).isEqualTo(2);
        assertThat(changed.json().get("bot").asString()).isEqualTo("someone");
        assertThat(api.put("/api/admin/webhooks/" + id, "{\"bot\":\"\"}").json().get("bot").isNull()).isTrue();

        assertThat(api.delete("/api/admin/webhooks/" + id).json().get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/api/admin/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/admin/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.put("/api/admin/webhooks/" + id, "{\"enabled\":true}").status()).isEqualTo(404);
    }

    @Test
    void bad_subscriptions_are_refused_naming_the_field_and_write_nothing() {
        int before = api.get("/api/admin/webhooks").json().size();
        String[][] cases = {
                {"{\"events\":[\"completed\"]}", "url"},
                {"{\"url\":\"ftp://127.0.0.1/x\",\"events\":[\"completed\"]}", "url"},
                {"{\"url\":\"not a url\",\"events\":[\"completed\"]}", "url"},
                {"{\"url\":\"http://no-such-host.invalid/x\",\"events\":[\"completed\"]}", "url"},
                {"{\"url\":\"http://127.0.0.1:9/x\"}", "events"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[]}", "events"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"finished\"]}", "events"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"completed\"],\"secret\":\"abc\"}", "secret"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"completed\"],\"secret\":\"whsec_c2hvcnQ=\"}",
                        "secret"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"completed\"],\"bot\":\"" + "b".repeat(51) + "\"}",
                        "bot"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":\"completed\"}", "events"},
                {"{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"completed\"],\"enabled\":\"maybe\"}", "enabled"},
        };
        for (String[] c : cases) {
            ApiClient.Response answer = api.post("/api/admin/webhooks", c[0]);
            assertThat(answer.status()).as(c[0]).isEqualTo(400);
            assertThat(answer.json().path("field").asString()).as(c[0]).isEqualTo(c[1]);
            assertThat(answer.detail()).as(c[0]).contains(c[1]);
        }
        assertThat(api.post("/api/admin/webhooks", "{not json").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/webhooks/deliveries?status=lost").json().get("field").asString())
                .isEqualTo("status");
        assertThat(api.get("/api/admin/webhooks/x").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/webhooks").json().size()).isEqualTo(before);
    }

    @Test
    void only_operators_manage_webhooks() {
        var asBot = api.send(api.request("/api/admin/webhooks").setHeader("X-Bot-Key", BOT_KEY).GET());
        assertThat(asBot.status()).isEqualTo(403);
    }

    @Test
    void the_standard_webhooks_test_vector_signs_as_the_specification_says() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
