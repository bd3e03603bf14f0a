package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;

class KeyRolesApiTest extends ApiTest {

    @Test
    void a_bot_key_acts_under_the_bots_name() {
        long id = api.createTask("keybot", "own key", "P2");

        var started = api.send(api.request("/api/tasks/" + id + "/start")
                .setHeader("X-Bot-Key", BOT_KEY)
                .header("X-Operator", "someone-else")
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(started.status()).isEqualTo(200);
        assertThat(api.get("/api/logs/" + id).json().get(0).get("operator").asString()).isEqualTo("keybot");
    }

    @Test
    void an_operator_key_acts_under_the_operators_name() {
        var created = api.send(api.request("/api/tasks")
                .setHeader("X-Bot-Key", OPERATOR_KEY)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"task_name\":\"by olga\",\"assigned_to\":\"" + bot("anna") + "\"}")));

        assertThat(created.status()).isEqualTo(200);
        long id = created.json().get("id").asLong();
        assertThat(api.get("/api/logs/" + id).json().get(0).get("operator").asString()).isEqualTo("olga");
    }

    @Test
    void the_shared_key_acts_under_the_x_operator_header() {
        long id = api.createTask(bot("cc"), "shared", "P2");

        api.send(api.request("/api/tasks/" + id + "/cancel").header("X-Operator", "hope-ops")
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(api.get("/api/logs/" + id).json().get(0).get("operator").asString()).isEqualTo("hope-ops");
    }

    @Test
    void admin_calls_refuse_a_bot_key_with_403() {
        var refused = api.send(api.request("/api/admin/replay").setHeader("X-Bot-Key", BOT_KEY).GET());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.detail()).contains("operator");
    }

    @Test
    void admin_calls_pass_the_key_check_with_an_operator_key() {
        var passed = api.send(api.request("/api/admin/no-such-call").setHeader("X-Bot-Key", OPERATOR_KEY).GET());

        assertThat(passed.status()).isEqualTo(404);
    }
}
