package org.opentask.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The done-when of the replay: a store of many events, its tables dumped, replayed, dumped again: identical row for
 * row, while bots keep working. {@code -Dopentask.replay.test.events=100000} runs it at full size (see
 * docs/replay.md); CI runs a smaller store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayApiTest extends ApiTest {

    static final int EVENTS = Integer.getInteger("opentask.replay.test.events", 10_000);

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @BeforeAll
    void seed() {
        long start = System.nanoTime();
        long tasks = new EventSeeder(eventStore, transactionManager, jdbc)
                .seed(EVENTS, bot("seed"), Instant.now().minus(Duration.ofDays(9)));
        System.out.printf("seeded %d tasks, %d events in %.1f s%n", tasks, EVENTS,
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void a_replay_gives_the_same_tables_row_for_row() {
        waitUntilIdle();
        Tables before = Tables.dump(jdbc);
        assertThat(before.events()).isGreaterThanOrEqualTo(EVENTS);

        var started = api.post("/api/admin/replay", null);
        assertThat(started.status()).isEqualTo(202);
        JsonNode done = waitForEnd();

        assertThat(done.get("state").asString()).isEqualTo("completed");
        assertThat(done.get("events_done").asLong()).isEqualTo(before.events());
        System.out.printf("replayed %d events at %.0f events/s (%s)%n", done.get("events_done").asLong(),
                done.get("rate_per_second").asDouble(), TestDatabase.KIND);
        Tables after = Tables.dump(jdbc);
        assertThat(after.differenceTo(before)).isNull();
    }

    @Test
    void bots_keep_working_during_a_replay_and_their_work_is_in_the_tables_afterwards() throws Exception {
        waitUntilIdle();
        String bot = bot("busy");
        Tables before = Tables.dump(jdbc);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean replaying = new AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            ApiClient botClient = new ApiClient(port);
            while (replaying.get()) {
                var created = botClient.post("/api/tasks",
                        "{\"task_name\":\"during replay\",\"assigned_to\":\"" + bot + "\"}");
                answers.add(created.status());
                long id = created.json().get("id").asLong();
                ids.add(id);
                answers.add(botClient.put("/api/tasks/" + id + "/start").status());
                answers.add(botClient.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status());
            }
        });

        var started = api.post("/api/admin/replay", null);
        worker.start();
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("state").asString()).isEqualTo("running");
        var second = api.post("/api/admin/replay?projection=bot-task", null);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.detail()).contains("already running");

        List<Long> progress = new ArrayList<>();
        JsonNode status = api.get("/api/admin/replay").json();
        while (status.get("state").asString().equals("running")) {
            progress.add(status.get("events_done").asLong());
            Thread.sleep(10);
            status = api.get("/api/admin/replay").json();
        }
        replaying.set(false);
        worker.join();

        assertThat(status.get("state").asString()).isEqualTo("completed");
        assertThat(progress.stream().distinct().count()).as("events_done seen while running: %s", progress)
                .isGreaterThanOrEqualTo(2);
        assertThat(progress).isSorted();
        assertThat(answers).isNotEmpty().allMatch(code -> code == 200);
        for (long id : ids) {
            assertThat(count("SELECT COUNT(*) FROM bot_task WHERE id = ? AND status = 'completed'", id))
                    .as("task %d", id).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(3);
        }
        Tables after = Tables.dump(jdbc).without(bot, ids);
        assertThat(after.differenceTo(before)).isNull();
    }

    @Test
    void one_projection_can_be_replayed_alone_and_an_unknown_one_is_refused() {
        waitUntilIdle();
        var refused = api.post("/api/admin/replay?projection=nope", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("projection");

        Tables before = Tables.dump(jdbc);
        var started = api.post("/api/admin/replay?projection=bot-task-log", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projection").asString()).isEqualTo("bot-task-log");
        assertThat(waitForEnd().get("state").asString()).isEqualTo("completed");
        assertThat(Tables.dump(jdbc).differenceTo(before)).isNull();
    }

    @Test
    void the_status_is_for_operators_only() {
        var refused = api.send(api.request("/api/admin/replay").setHeader("X-Bot-Key", BOT_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.status()).isEqualTo(403);
        var status = api.send(api.request("/api/admin/replay").setHeader("X-Bot-Key", OPERATOR_KEY).GET());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().has("events_total")).isTrue();
        assertThat(status.json().has("rate_per_second")).isTrue();
        assertThat(status.json().has("seconds_left")).isTrue();
    }

    private JsonNode waitForEnd() {
        long deadline = System.currentTimeMillis() + 600_000;
        JsonNode status = api.get("/api/admin/replay").json();
        while (status.get("state").asString().equals("running") && System.currentTimeMillis() < deadline) {
            sleep(20);
            status = api.get("/api/admin/replay").json();
        }
        return status;
    }

    private void waitUntilIdle() {
        waitForEnd();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
