package org.opentask.app.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A call Spring serves shows its bot alive however its path is spelled: a percent-encoded {@code /%61pi/...} is
 * routed as {@code /api/...}, so the presence must be judged by that path too. Sent through a raw socket, so that
 * no client normalizes the path on the way.
 */
class BotPresenceApiTest extends ApiTest {

    @Autowired
    BotPresence presence;

    @Test
    void the_heartbeats_pending_call_with_an_encoded_path_shows_the_bot_alive() {
        String bot = bot("seen");

        RawHttp.Answer answer = RawHttp.send(port, "GET", "/%61pi/tasks/%70ending?assigned_to=" + bot, null,
                "X-Bot-Key", ApiClient.KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(presence.lastSeen()).containsKey(bot);
    }

    @Test
    void a_call_with_the_bots_own_key_and_an_encoded_path_shows_the_bot_alive() {
        Instant before = Instant.now();

        RawHttp.Answer answer = RawHttp.send(port, "GET", "/%61pi/tasks?assigned_to=keybot&limit=1", null,
                "X-Bot-Key", BOT_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // keybot is shared by the suite: it must be seen by this call, not only by an earlier one
        assertThat(presence.lastSeen().get("keybot")).isAfterOrEqualTo(before);
    }

    @Test
    void a_call_outside_the_api_shows_no_bot_alive() {
        String bot = bot("unseen");

        RawHttp.send(port, "GET", "/health?assigned_to=" + bot, null, "X-Bot-Key", ApiClient.KEY);

        assertThat(presence.lastSeen()).doesNotContainKey(bot);
    }
}
