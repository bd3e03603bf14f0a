package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.RawHttp;

/**
 * The operator-only calls stay operator-only however the path is spelled: percent-encoded letters, path
 * parameters, doubled and trailing slashes, other case. Sent through a raw socket, so that no client normalizes
 * the path on the way.
 */
class PathSpellingApiTest extends ApiTest {

    static Stream<String> adminSpellings() {
        return Stream.of("/api/admin/replay", "/api/%61dmin/replay", "/api/admi%6e/replay", "/%61pi/admin/replay",
                "/%61%70%69/%61%64%6d%69%6e/%72eplay", "/api/admin/%72eplay", "/api/admin;x=1/replay",
                "/api;x=1/admin/replay", "/api//admin/replay", "//api/admin/replay", "/api/admin//replay",
                "/api/admin/replay/", "/api/admin/replay;x=1", "/api/./admin/replay", "/api/x/../admin/replay",
                "/API/admin/replay", "/api/ADMIN/replay", "/Api/Admin/Replay", "/api/%41dmin/replay");
    }

    @ParameterizedTest
    @MethodSource("adminSpellings")
    void a_bot_key_reaches_no_admin_call_however_the_path_is_spelled(String path) {
        RawHttp.Answer answer = RawHttp.send(port, "GET", path, null, "X-Bot-Key", BOT_KEY);

        assertThat(answer.status()).as("GET " + path).isIn(400, 403, 404);
        assertThat(answer.body()).as("GET " + path).doesNotContain("events_done").doesNotContain("\"state\"");
    }

    @ParameterizedTest
    @MethodSource("adminSpellings")
    void a_bot_key_starts_no_replay_however_the_path_is_spelled(String path) {
        RawHttp.Answer answer = RawHttp.send(port, "POST", path, null, "X-Bot-Key", BOT_KEY);

        assertThat(answer.status()).as("POST " + path).isIn(400, 403, 404, 405);
        assertThat(answer.body()).as("POST " + path).doesNotContain("events_done");
    }

    @ParameterizedTest
    @MethodSource("adminSpellings")
    void a_missing_key_reaches_no_admin_call_however_the_path_is_spelled(String path) {
        RawHttp.Answer answer = RawHttp.send(port, "GET", path, null);

        assertThat(answer.status()).as("GET " + path).isIn(400, 401, 404);
        assertThat(answer.body()).as("GET " + path).doesNotContain("events_done");
    }

    /** The spellings Spring routes to the replay are refused with the operator check's own 403. */
    @ParameterizedTest
    @MethodSource("routedSpellings")
    void the_routed_spellings_answer_403_to_a_bot_and_pass_for_an_operator(String path) {
        RawHttp.Answer bot = RawHttp.send(port, "GET", path, null, "X-Bot-Key", BOT_KEY);
        assertThat(bot.status()).as("GET " + path).isEqualTo(403);
        assertThat(bot.body()).contains("operator");

        RawHttp.Answer operator = RawHttp.send(port, "GET", path, null, "X-Bot-Key", ApiClient.KEY);
        assertThat(operator.status()).as("GET " + path + " as operator").isEqualTo(200);
    }

    static Stream<String> routedSpellings() {
        return Stream.of("/api/admin/replay", "/api/%61dmin/replay", "/api/admi%6e/replay", "/%61pi/admin/replay",
                "/api/admin/%72eplay");
    }
}
