package org.opentask.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentask.app.webhook.Webhooked.completed;
import static org.opentask.app.webhook.Webhooked.eventually;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.opentask.app.AppInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * At least once, across a receiver that is down and a service that restarts: tasks complete while the receiver
 * refuses connections for 30 s, the service is stopped and started again on the same database in the middle, and
 * when the receiver comes back it gets every delivery, each webhook-id once, each validly signed.
 */
class WebhookDowntimeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] SETTINGS = {
            "opentask.webhooks.first-retry-delay=1s",
            "opentask.webhooks.max-retry-delay=4s",
            "opentask.webhooks.retry-for=10m"};

    @Test
    void a_receiver_down_for_30_seconds_gets_every_delivery_once_after_it_comes_back_across_a_restart()
            throws Exception {
        List<String> database = Webhooked.newDatabase();
        try (Receiver receiver = Receiver.answering(200)) {
            List<Long> tasks = new ArrayList<>();
            String secret;
            long downSince;
            try (AppInstance first = Webhooked.start(database, SETTINGS)) {
                secret = Webhooked.subscribe(first.api, receiver.url(), "\"completed\"", null)
                        .get("secret").asString();
                receiver.goDown();
                downSince = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    tasks.add(completed(first.api, "downtime"));
                }
                eventually(Duration.ofSeconds(20), "a failed attempt for each delivery", () -> {
                    JsonNode deliveries = first.api.get("/api/admin/webhooks/deliveries").json();
                    if (deliveries.size() != 10) {
                        return false;
                    }
                    for (JsonNode delivery : deliveries) {
                        if (delivery.get("attempt_count").asInt() < 1
                                || !delivery.get("status").asString().equals("pending")) {
                            return false;
                        }
                    }
                    return true;
                });
            }

            try (AppInstance second = Webhooked.start(database, SETTINGS)) {
                for (int i = 0; i < 10; i++) {
                    tasks.add(completed(second.api, "downtime"));
                }
                long downFor = Duration.ofSeconds(30).toNanos() - (System.nanoTime() - downSince);
                Thread.sleep(Math.max(0, downFor / 1_000_000));
                assertThat(receiver.requests).isEmpty();
                JsonNode failing = second.api.get("/api/admin/webhooks/deliveries").json();
                assertThat(failing).hasSize(20);
                assertThat(failing).allSatisfy(d -> assertThat(d.get("status").asString()).isEqualTo("pending"));
                int attemptsWhileDown = 0;
                for (JsonNode delivery : failing) {
                    attemptsWhileDown += delivery.get("attempt_count").asInt();
                }
                assertThat(attemptsWhileDown).isGreaterThan(40);

                receiver.comeBack();
                eventually(Duration.ofSeconds(30), "every delivery", () -> receiver.delivered().size() >= 20);
                eventually(Duration.ofSeconds(10), "every delivery recorded", () -> second.api
                        .get("/api/admin/webhooks/deliveries?status=delivered").json().size() == 20);
                Thread.sleep(2000);

                List<Receiver.Request> got = receiver.requests;
                Map<String, Long> perId = got.stream()
                        .collect(Collectors.groupingBy(Receiver.Request::id, Collectors.counting()));
                assertThat(perId).hasSize(20);
                assertThat(perId.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
                assertThat(got).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
                Set<Long> notified = new HashSet<>();
                for (Receiver.Request request : got) {
                    JsonNode body = JSON.readTree(request.body());
                    assertThat(body.get("type").asString()).isEqualTo("task.completed");
                    assertThat(body.get("data").get("status").asString()).isEqualTo("completed");
                    notified.add(body.get("data").get("id").asLong());
                }
                assertThat(notified).containsExactlyInAnyOrderElementsOf(tasks);
                Map<String, JsonNode> recorded = new HashSet<JsonNode>(
                        toList(second.api.get("/api/admin/webhooks/deliveries").json())).stream()
                        .collect(Collectors.toMap(d -> d.get("webhook_id").asString(), Function.identity()));
                assertThat(recorded.keySet()).isEqualTo(perId.keySet());
            }
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
