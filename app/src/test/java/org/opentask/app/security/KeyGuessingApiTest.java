package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.opentask.app.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Guessing keys is slow: a client that sent its budget of wrong keys (20 by default) is answered 429 with
 * {@code Retry-After}, the right key included, while another client goes on as before. The clients are two
 * loopback addresses, 127.0.0.2 and 127.0.0.3, on an instance with the default settings.
 */
class KeyGuessingApiTest extends ApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void a_hundred_wrong_keys_from_one_client_end_in_429_and_another_client_still_gets_in() {
        try (AppInstance instance = AppInstance.onDatabaseOf(context)) {
            List<Integer> statuses = new ArrayList<>();
            RawHttp.Answer last = null;
            for (int i = 0; i < 100; i++) {
                last = RawHttp.sendFrom("127.0.0.2", instance.port, "GET", "/api/tasks/pending?assigned_to=anna",
                        null, "X-Bot-Key", "guess-" + i);
                statuses.add(last.status());
            }
            assertThat(statuses.subList(0, 20)).containsOnly(401);
            assertThat(statuses.subList(20, 100)).containsOnly(429);
            assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
            assertThat(last.body()).contains("Too many wrong keys");

            RawHttp.Answer rightKeySameClient = RawHttp.sendFrom("127.0.0.2", instance.port, "GET",
                    "/api/tasks/pending?assigned_to=anna", null, "X-Bot-Key", ApiClient.KEY);
            assertThat(rightKeySameClient.status()).isEqualTo(429);

            RawHttp.Answer otherClient = RawHttp.sendFrom("127.0.0.3", instance.port, "GET",
                    "/api/tasks/pending?assigned_to=anna", null, "X-Bot-Key", ApiClient.KEY);
            assertThat(otherClient.status()).isEqualTo(200);
            assertThat(RawHttp.sendFrom("127.0.0.2", instance.port, "GET", "/health", null).status())
                    .isEqualTo(200);
        }
    }
}
