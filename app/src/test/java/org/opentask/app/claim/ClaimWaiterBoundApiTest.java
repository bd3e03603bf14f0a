package org.opentask.app.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/** The long-poll claimers one bot's key may have waiting are bounded: one more is a 503 with Retry-After. */
class ClaimWaiterBoundApiTest extends ApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void one_bot_holds_at_most_its_share_of_waiting_claims() throws Exception {
        String anna = bot("anna");
        try (AppInstance instance = AppInstance.onDatabaseOf(context, "opentask.claim.max-waiters-per-bot=2",
                "opentask.security.bot-keys." + anna + "=key-of-" + anna)) {
            ClaimWaiters waiters = instance.bean(ClaimWaiters.class);
            ApiClient client = new ApiClient(instance.port, "key-of-" + anna);
            CompletableFuture<ApiClient.Response> first = client.sendAsync(client.request(
                    "/api/tasks/claim?assigned_to=" + anna + "&wait=3").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            CompletableFuture<ApiClient.Response> second = client.sendAsync(client.request(
                    "/api/tasks/claim?assigned_to=" + anna + "&wait=3").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            while (waiters.waiting() < 2 && !first.isDone() && !second.isDone()) {
                Thread.onSpinWait();
            }
            assertThat(waiters.waiting()).isEqualTo(2);

            var third = client.post("/api/tasks/claim?assigned_to=" + anna + "&wait=3", null);
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.detail()).contains(anna);
            var sharedKey = instance.api.post("/api/tasks/claim?assigned_to=" + anna + "&wait=0", null);
            assertThat(sharedKey.status()).isEqualTo(204);

            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
            assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        }
    }
}
