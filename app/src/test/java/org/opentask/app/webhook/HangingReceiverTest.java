package org.opentask.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentask.app.webhook.Webhooked.eventually;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import tools.jackson.databind.JsonNode;

/**
 * A receiver that accepts connections and never answers holds at most {@code per-target-concurrency} of the
 * sender's threads, each for {@code request-timeout}: the API answers as usual, another receiver gets its
 * deliveries meanwhile, and the hanging attempts end as timeouts.
 */
class HangingReceiverTest {

    @Test
    void a_receiver_that_never_answers_slows_neither_the_api_nor_other_receivers() throws Exception {
        try (Receiver hanging = Receiver.answering(0);
             Receiver healthy = Receiver.answering(200);
             AppInstance service = Webhooked.start(Webhooked.newDatabase(),
                     "opentask.webhooks.sender-threads=4",
                     "opentask.webhooks.per-target-concurrency=2",
                     "opentask.webhooks.request-timeout=30s",
                     "opentask.webhooks.first-retry-delay=30s",
                     "opentask.webhooks.max-retry-delay=60s")) {
            ApiClient api = service.api;
            JsonNode stuck = Webhooked.subscribe(api, hanging.url(), "\"completed\"", null);
            Webhooked.subscribe(api, healthy.url(), "\"completed\"", null);

            // the first two deliveries to the hanging receiver take the two threads it may hold
            Webhooked.completed(api, "hang");
            Webhooked.completed(api, "hang");
            eventually(Duration.ofSeconds(10), "two requests held", () -> hanging.hanging() == 2);

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long started = System.nanoTime();
                Webhooked.completed(api, "hang");
                latencies.add((System.nanoTime() - started) / 1_000_000);
            }
            eventually(Duration.ofSeconds(10), "the healthy receiver's ten deliveries",
                    () -> healthy.delivered().size() == 10);
            // all of that while the hanging receiver still held its two requests, and got no third
            assertThat(hanging.hanging()).as("held, latencies " + latencies).isEqualTo(2);
            assertThat(hanging.requests).hasSize(2);
            // three calls each, answered as ever: far below the receiver's 30 s timeout, so no call waited on it
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(10_000));

            long stuckId = stuck.get("id").asLong();
            eventually(Duration.ofSeconds(60), "the held attempts time out", () -> api.get(
                    "/api/admin/webhooks/deliveries?subscription_id=" + stuckId).json().findValues("attempt_count")
                    .stream().mapToInt(JsonNode::asInt).sum() >= 2);
            JsonNode deliveries = api.get("/api/admin/webhooks/deliveries?subscription_id=" + stuckId).json();
            assertThat(deliveries).hasSize(10);
            for (JsonNode delivery : deliveries) {
                JsonNode attempts = api.get("/api/admin/webhooks/deliveries/" + delivery.get("id").asLong())
                        .json().get("attempts");
                for (JsonNode attempt : attempts) {
                    assertThat(attempt.get("status_code").isNull()).isTrue();
                    assertThat(attempt.get("error").asString()).isEqualTo("no answer within 30000 ms");
                    assertThat(attempt.get("duration_millis").asInt()).isBetween(29900, 40000);
                }
                assertThat(delivery.get("status").asString()).isEqualTo("pending");
            }
        }
    }
}
