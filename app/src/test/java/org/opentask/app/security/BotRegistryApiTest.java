package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.opentask.app.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The bot registry through {@code /api/admin/bots}: bots registered, disabled and enabled, their keys issued,
 * rotated and revoked, every change effective without a restart, on this instance and on another one; keys kept
 * only as hashes.
 */
class BotRegistryApiTest extends ApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    BotRegistry registry;

    private String register(String name) {
        ApiClient.Response created = api.post("/api/admin/bots", "{\"name\":\"" + name
                + "\",\"display_name\":\"Anna the bot\",\"description\":\"writes reports\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        return name;
    }

    private JsonNode issue(String name) {
        ApiClient.Response issued = api.post("/api/admin/bots/" + name + "/keys", null);
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        return issued.json();
    }

    private int statusWith(int port, String key, String bot) {
        return RawHttp.send(port, "GET", "/api/tasks/pending?assigned_to=" + bot, null, "X-Bot-Key", key).status();
    }

    @Test
    void an_issued_key_acts_as_its_bot_and_is_kept_only_as_a_hash() throws Exception {
        String name = register(bot("Anna-Reg"));
        String key = issue(name).get("key").asString();
        assertThat(key).startsWith("otk_").hasSizeGreaterThan(40);

        long own = api.createTask(name, "for the registered bot", "P2");
        RawHttp.Answer started = RawHttp.send(port, "PUT", "/api/tasks/" + own + "/start", null, "X-Bot-Key", key);
        assertThat(started.status()).isEqualTo(200);
        long others = api.createTask(bot("anna"), "not its own", "P2");
        assertThat(RawHttp.send(port, "GET", "/api/tasks/" + others, null, "X-Bot-Key", key).status()).isEqualTo(404);
        assertThat(RawHttp.send(port, "GET", "/api/admin/bots", null, "X-Bot-Key", key).status()).isEqualTo(403);

        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(count("SELECT COUNT(*) FROM bot_key WHERE bot_name = ? AND key_hash = ?", name, hash)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM bot_key WHERE key_hash = ? OR key_prefix = ?", key, key)).isZero();

        String listed = api.get("/api/admin/bots").text() + api.get("/api/admin/bots/" + name).text();
        assertThat(listed).contains(name).contains("Anna the bot").doesNotContain(key).doesNotContain(hash)
                .doesNotContain(key.substring(10));
    }

    @Test
    void a_disabled_bots_keys_answer_403_and_its_tasks_stay_until_it_is_enabled_again() {
        String name = register(bot("dis"));
        String key = issue(name).get("key").asString();
        long id = api.createTask(name, "kept", "P2");
        assertThat(statusWith(port, key, name)).isEqualTo(200);

        assertThat(api.put("/api/admin/bots/" + name, "{\"enabled\":false}").json().get("enabled").asBoolean())
                .isFalse();
        RawHttp.Answer refused = RawHttp.send(port, "GET", "/api/tasks/" + id, null, "X-Bot-Key", key);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("disabled");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("pending");

        api.put("/api/admin/bots/" + name, "{\"enabled\":true}");
        assertThat(statusWith(port, key, name)).isEqualTo(200);
    }

    @Test
    void a_revoked_key_is_refused_at_once_and_the_bots_other_keys_keep_working() {
        String name = register(bot("rev"));
        JsonNode first = issue(name);
        String second = issue(name).get("key").asString();

        var revoked = api.delete("/api/admin/bots/" + name + "/keys/" + first.get("id").asLong());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(statusWith(port, first.get("key").asString(), name)).isEqualTo(401);
        assertThat(statusWith(port, second, name)).isEqualTo(200);
        JsonNode keys = api.get("/api/admin/bots/" + name).json().get("keys");
        assertThat(keys.get(0).get("active").asBoolean()).isFalse();
        assertThat(keys.get(0).get("revoked_time").isNull()).isFalse();
        assertThat(api.delete("/api/admin/bots/" + name + "/keys/999999999").status()).isEqualTo(404);
    }

    @Test
    void rotating_keeps_the_old_key_for_its_grace_and_a_grace_of_zero_ends_it_now() {
        String name = register(bot("rot"));
        String old = issue(name).get("key").asString();

        var rotated = api.post("/api/admin/bots/" + name + "/keys/rotate", "{\"grace_seconds\":3600}");
        assertThat(rotated.status()).isEqualTo(201);
        String fresh = rotated.json().get("key").asString();
        assertThat(statusWith(port, old, name)).isEqualTo(200);
        assertThat(statusWith(port, fresh, name)).isEqualTo(200);
        assertThat(api.get("/api/admin/bots/" + name).json().get("keys").get(0).get("expires_time").isNull())
                .isFalse();

        String newest = api.post("/api/admin/bots/" + name + "/keys/rotate", "{\"grace_seconds\":0}").json()
                .get("key").asString();
        assertThat(statusWith(port, old, name)).isEqualTo(401);
        assertThat(statusWith(port, fresh, name)).isEqualTo(401);
        assertThat(statusWith(port, newest, name)).isEqualTo(200);
    }

    @Test
    void a_change_on_one_instance_counts_on_another_without_a_restart() {
        String name = register(bot("multi"));
        try (AppInstance other = AppInstance.onDatabaseOf(context, "opentask.security.registry-cache=0s")) {
            String key = issue(name).get("key").asString();
            assertThat(statusWith(other.port, key, name)).isEqualTo(200);

            api.put("/api/admin/bots/" + name, "{\"enabled\":false}");
            assertThat(statusWith(other.port, key, name)).isEqualTo(403);

            api.put("/api/admin/bots/" + name, "{\"enabled\":true}");
            String rotated = api.post("/api/admin/bots/" + name + "/keys/rotate", "{\"grace_seconds\":0}").json()
                    .get("key").asString();
            assertThat(statusWith(other.port, key, name)).isEqualTo(401);
            assertThat(statusWith(other.port, rotated, name)).isEqualTo(200);
        }
    }

    @Test
    void a_disabled_bot_refuses_its_configured_key_too() {
        registry.registerIfAbsent("Other-Bot", null, null, true);
        assertThat(statusWith(port, OTHER_BOT_KEY, "Other-Bot")).isEqualTo(200);
        api.put("/api/admin/bots/Other-Bot", "{\"enabled\":false}");
        try {
            assertThat(statusWith(port, OTHER_BOT_KEY, "Other-Bot")).isEqualTo(403);
        } finally {
            api.put("/api/admin/bots/Other-Bot", "{\"enabled\":true}");
        }
    }

    @Test
    void register_if_absent_keeps_a_bot_that_is_there() {
        String name = bot("import");
        assertThat(registry.registerIfAbsent(name, "First", "from the original", false)).isTrue();
        assertThat(registry.registerIfAbsent(name, "Second", null, true)).isFalse();
        JsonNode bot = api.get("/api/admin/bots/" + name).json();
        assertThat(bot.get("display_name").asString()).isEqualTo("First");
        assertThat(bot.get("enabled").asBoolean()).isFalse();
    }

    @Test
    void bad_requests_name_the_field_and_write_nothing() {
        long before = count("SELECT COUNT(*) FROM bot");
        for (String body : List.of("{}", "{\"name\":\"\"}", "{\"name\":\"a/b\"}",
                "{\"name\":\"" + "x".repeat(51) + "\"}")) {
            var refused = api.post("/api/admin/bots", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo("name");
        }
        var longName = api.post("/api/admin/bots", "{\"name\":\"" + bot("d") + "\",\"display_name\":\""
                + "y".repeat(101) + "\"}");
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.json().get("field").asString()).isEqualTo("display_name");
        String name = register(bot("dup"));
        var duplicate = api.post("/api/admin/bots", "{\"name\":\"" + name + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(count("SELECT COUNT(*) FROM bot")).isEqualTo(before + 1);
        assertThat(api.post("/api/admin/bots/no-such-bot/keys", null).status()).isEqualTo(404);
        assertThat(api.post("/api/admin/bots/" + name + "/keys/rotate", "{\"grace_seconds\":-1}").json()
                .get("field").asString()).isEqualTo("grace_seconds");
    }

    @Test
    void a_bot_key_cannot_use_the_registry_however_the_path_is_spelled() {
        for (String path : List.of("/api/admin/bots", "/api/%61dmin/bots", "/api/admin/b%6fts", "/api/admin/bots/")) {
            RawHttp.Answer answer = RawHttp.send(port, "POST", path, "{\"name\":\"sneaky\"}",
                    "X-Bot-Key", BOT_KEY, "Content-Type", "application/json");
            assertThat(answer.status()).as(path).isIn(403, 404);
        }
        assertThat(api.get("/api/admin/bots/sneaky").status()).isEqualTo(404);
    }
}
