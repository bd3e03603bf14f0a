package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/tasks} with {@code Idempotency-Key}: a retried create never makes a second task. */
class IdempotentCreateApiTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    IdempotencyKeys keys;

    @Test
    void the_same_key_and_body_answer_the_first_task_and_write_nothing() {
        String bot = bot("anna");
        String key = key();

        var first = create(key, null, "{\"task_name\":\"report\",\"assigned_to\":\"" + bot + "\",\"priority\":\"P1\"}");
        var again = create(key, null,
                "{ \"priority\": \"P1\", \"assigned_to\": \"" + bot + "\", \"task_name\": \"report\" }");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        long id = first.json().get("id").asLong();
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(again.json().get("task_name").asString()).isEqualTo("report");
        assertThat(replayed(again)).isTrue();
        assertThat(replayed(first)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(1);
    }

    @Test
    void a_replay_answers_the_task_as_it_is_now() {
        String bot = bot("trump");
        String key = key();
        String body = "{\"task_name\":\"later started\",\"assigned_to\":\"" + bot + "\"}";
        long id = create(key, null, body).json().get("id").asLong();
        api.put("/api/tasks/" + id + "/start");

        var again = create(key, null, body);

        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(again.json().get("status").asString()).isEqualTo("running");
    }

    @Test
    void the_same_key_with_another_body_is_a_422_that_writes_nothing() {
        String bot = bot("cc");
        String key = key();
        long id = create(key, null, "{\"task_name\":\"first\",\"assigned_to\":\"" + bot + "\"}").json().get("id").asLong();

        var other = create(key, null, "{\"task_name\":\"second\",\"assigned_to\":\"" + bot + "\"}");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.detail()).contains("Idempotency-Key").contains("different request body");
        assertThat(other.json().get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(other.json().get("task_id").asLong()).isEqualTo(id);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
    }

    @Test
    void twenty_concurrent_creates_with_one_key_make_exactly_one_task() throws Exception {
        String bot = bot("burst");
        String key = key();
        String body = "{\"task_name\":\"only once\",\"assigned_to\":\"" + bot + "\"}";
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

        runTogether(20, worker -> answers.add(create(key, null, body)));

        assertThat(answers).hasSize(20).allMatch(answer -> answer.status() == 200);
        assertThat(answers.stream().map(answer -> answer.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(answer -> !replayed(answer))).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
        long id = answers.peek().json().get("id").asLong();
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void keys_belong_to_their_caller() {
        String bot = bot("main");
        String key = key();
        String body = "{\"task_name\":\"shared key\",\"assigned_to\":\"" + bot + "\"}";

        long alice = create(key, "alice", body).json().get("id").asLong();
        long bob = create(key, "bob", body).json().get("id").asLong();
        long aliceAgain = create(key, "alice", body).json().get("id").asLong();

        assertThat(alice).isNotEqualTo(bob);
        assertThat(aliceAgain).isEqualTo(alice);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(2);
    }

    @Test
    void keys_that_differ_only_in_case_are_different_keys() {
        String bot = bot("session_agent");
        String key = key();
        String body = "{\"task_name\":\"case\",\"assigned_to\":\"" + bot + "\"}";

        long lower = create(key.toLowerCase(), null, body).json().get("id").asLong();
        long upper = create(key.toUpperCase(), null, body).json().get("id").asLong();

        assertThat(lower).isNotEqualTo(upper);
    }

    @Test
    void a_refused_create_does_not_use_up_its_key() {
        String bot = bot("careful");
        String key = key();

        var refused = create(key, null, "{\"assigned_to\":\"" + bot + "\"}");
        var accepted = create(key, null, "{\"task_name\":\"now complete\",\"assigned_to\":\"" + bot + "\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("task_name");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(replayed(accepted)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
    }

    @Test
    void a_key_too_long_or_with_spaces_is_a_400_naming_the_header() {
        String bot = bot("bounded");
        String body = "{\"task_name\":\"x\",\"assigned_to\":\"" + bot + "\"}";

        for (String bad : new String[] {"k".repeat(256), "two words"}) {
            var response = create(bad, null, body);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.json().get("field").asString()).isEqualTo("Idempotency-Key");
            assertThat(response.detail()).startsWith("Idempotency-Key must be 1 to 255");
        }
        assertThat(create("k".repeat(255), null, body).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
    }

    @Test
    void an_empty_key_is_a_400_naming_the_header() {
        var response = api.send(api.request("/api/tasks").header("Content-Type", "application/json")
                .header("Idempotency-Key", "")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_name\":\"x\",\"assigned_to\":\"nobody\"}")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void a_key_past_its_retention_creates_a_new_task() {
        String bot = bot("forgetful");
        String key = key();
        String body = "{\"task_name\":\"weekly\",\"assigned_to\":\"" + bot + "\"}";
        long first = create(key, null, body).json().get("id").asLong();
        backdate(key, 8);

        var later = create(key, null, body);

        assertThat(later.status()).isEqualTo(200);
        assertThat(later.json().get("id").asLong()).isNotEqualTo(first);
        assertThat(replayed(later)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void keys_past_their_retention_are_forgotten() {
        String old = key();
        String fresh = key();
        String bot = bot("sweeper");
        create(old, null, "{\"task_name\":\"old\",\"assigned_to\":\"" + bot + "\"}");
        create(fresh, null, "{\"task_name\":\"fresh\",\"assigned_to\":\"" + bot + "\"}");
        backdate(old, 8);

        keys.forgetExpired();

        assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?", old)).isZero();
        assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?", fresh)).isEqualTo(1);
    }

    @Test
    void creates_without_a_key_make_a_task_each_time() {
        String bot = bot("plain");

        api.createTask(bot, "same", "P2");
        api.createTask(bot, "same", "P2");

        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(2);
    }

    /** An answer with the header that tells a replay. */
    record Answer(int status, String text, boolean replayed) {

        JsonNode json() {
            return JSON.readTree(text);
        }

        String detail() {
            return json().path("detail").asString();
        }
    }

    private Answer create(String key, String operator, String body) {
        HttpRequest.Builder request = api.request("/api/tasks").header("Content-Type", "application/json")
                .header("Idempotency-Key", key);
        if (operator != null) {
            request.header("X-Operator", operator);
        }
        try {
            HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    "true".equals(response.headers().firstValue("Idempotent-Replayed").orElse(null)));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void backdate(String key, int days) {
        jdbc.sql("UPDATE idempotency_key SET created_time = ? WHERE idempotency_key = ?")
                .params(java.time.LocalDateTime.now().minusDays(days), key)
                .update();
    }

    private static boolean replayed(Answer answer) {
        return answer.replayed();
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }
}
