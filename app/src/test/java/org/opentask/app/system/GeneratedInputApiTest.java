package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated bad input across every endpoint ({@link BadRequests}), sent through the real HTTP server with a raw
 * socket client: no answer is a server error; every refusal is a problem with a {@code detail} and writes nothing;
 * every request that holds text that is not Unicode, a broken escape or a content type the API does not take is
 * refused; every text a call accepts reads back exactly as sent: on the task, and in the audit row (its operator,
 * and its message with the result, error or reason, cut between characters when long).
 */
class GeneratedInputApiTest extends ApiTest {

    /** Per seed; two seeds make more than 3,000 generated requests. */
    static final int REQUESTS = 1_600;
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    /** The audit row's message bound (query's TaskLogProjection). */
    private static final int MESSAGE_LENGTH = 500;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {19L, 20261206L})
    void no_generated_request_gets_a_server_error_and_every_accepted_text_reads_back_as_sent(long seed) {
        RawHttp raw = new RawHttp(port);
        String fixtureBot = bot("genfix");
        long existing = api.createTask(fixtureBot, "existing", "P2");
        // a task a refused request was aimed at is unchanged (nothing written): the next request may take it
        Deque<Long> sparePending = new ArrayDeque<>();
        Deque<Long> spareRunning = new ArrayDeque<>();
        List<Long> handedOut = new ArrayList<>();
        BadRequests generator = new BadRequests(seed, new BadRequests.Tasks() {
            @Override
            public long pending() {
                long id = sparePending.isEmpty() ? api.createTask(fixtureBot, "target", "P2") : sparePending.pop();
                handedOut.add(id);
                return id;
            }

            @Override
            public long running() {
                long id;
                if (spareRunning.isEmpty()) {
                    id = api.createTask(fixtureBot, "target", "P2");
                    assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
                } else {
                    id = spareRunning.pop();
                }
                handedOut.add(-id);
                return id;
            }

            @Override
            public long existing() {
                return existing;
            }
        });
        int refused = 0;
        int acceptedTexts = 0;
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            handedOut.clear();
            BadRequests.Generated request = generator.next();
            List<Long> before = written();
            RawHttp.Answer answer = raw.send(request.method(), request.rawTarget(),
                    request.headers().toArray(byte[][]::new), request.body());
            String what = "#" + i + " " + request.describe() + "\n  -> " + answer;
            assertThat(answer.status()).as(what).isBetween(200, 499);
            if (answer.status() == 415) {
                assertThat(request.unsupportedType()).as("415 only for a content type the API does not take: " + what)
                        .isTrue();
            }
            if (request.mustRefuse()) {
                assertThat(answer.status()).as(what).isGreaterThanOrEqualTo(400);
            }
            if (answer.status() >= 400) {
                refused++;
                assertThat(answer.contentType()).as(what).contains("json");
                assertThat(answer.json().path("detail").asString()).as(what).isNotBlank();
                assertThat(written()).as("nothing written: " + what).isEqualTo(before);
                for (long id : handedOut) {
                    (id > 0 ? sparePending : spareRunning).push(Math.abs(id));
                }
            } else if (answer.status() == 200 && request.method().matches("POST|PUT") && !request.target().contains("?")
                    && request.target().startsWith("/api/tasks")) {
                acceptedTexts += readBack(request, answer, what);
            }
        }
        System.out.printf("seed %d: %d generated requests, %d refused, %d accepted texts read back, %d ms%n", seed,
                REQUESTS, refused, acceptedTexts, (System.nanoTime() - started) / 1_000_000);
        assertThat(refused).as("refused requests").isGreaterThan(REQUESTS / 3);
        assertThat(acceptedTexts).as("accepted texts read back").isGreaterThan(REQUESTS / 20);
    }

    /** The texts of an accepted call, read back from the task and its newest audit row; answers how many. */
    private int readBack(BadRequests.Generated request, RawHttp.Answer answer, String what) {
        JsonNode answered = answer.json();
        long id = request.taskId() != null ? request.taskId() : answered.path("id").asLong();
        JsonNode task = api.get("/api/tasks/" + id).json();
        JsonNode newest = api.get("/api/logs/" + id).json().get(0);
        int checked = 0;
        for (Map.Entry<String, String> text : request.texts().entrySet()) {
            String field = text.getKey();
            String sent = text.getValue();
            switch (field) {
                case "reason" -> assertThat(newest.path("message").asString()).as(what)
                        .isEqualTo(audit("cancelled while " + newest.path("old_status").asString() + ": " + sent));
                case "result" -> assertThat(newest.path("message").asString()).as(what)
                        .isEqualTo(audit("completed: " + sent));
                case "error_message" -> assertThat(newest.path("message").asString()).as(what)
                        .isEqualTo(audit("failed: " + sent));
                default -> {
                }
            }
            if (!field.equals("reason")) {
                assertThat(answered.path(field).asString()).as("answered " + field + ": " + what).isEqualTo(sent);
                assertThat(task.path(field).asString()).as("read back " + field + ": " + what).isEqualTo(sent);
            }
            checked++;
        }
        if (request.paramsJson() != null) {
            assertThat(JSON.readTree(task.path("task_params").asString())).as("task_params: " + what)
                    .isEqualTo(JSON.readTree(request.paramsJson()));
            checked++;
        }
        boolean audited = request.target().matches("/api/tasks(/\\d+/(start|complete|fail|cancel|retry))?")
                || request.target().matches("/api/tasks/\\d+") && checked > 0;
        if (request.operator() != null && audited) {
            assertThat(newest.path("operator").asString()).as("operator: " + what).isEqualTo(request.operator());
            checked++;
        }
        return checked;
    }

    /** What the audit row keeps of a message: all of it, or its start and an ellipsis, cut between characters. */
    static String audit(String message) {
        if (message.length() <= MESSAGE_LENGTH) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MESSAGE_LENGTH - 2)) ? MESSAGE_LENGTH - 2 : MESSAGE_LENGTH - 1;
        return message.substring(0, end) + "\u2026";
    }

    /** What a call could have written: events (every change is one), audit rows, idempotency keys. */
    private List<Long> written() {
        return jdbc.sql("SELECT (SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry),"
                        + " (SELECT COALESCE(MAX(id), 0) FROM bot_task_log), (SELECT COUNT(*) FROM idempotency_key)")
                .query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }
}
