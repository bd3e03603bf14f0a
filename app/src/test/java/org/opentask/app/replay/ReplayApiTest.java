package org.opentask.app.replay;

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
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
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

    @Autowired
    ApplicationContext context;

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
        ReadModelDump before = ReadModelDump.dump(jdbc);
        assertThat(before.events()).isGreaterThanOrEqualTo(EVENTS);

        var started = api.post("/api/admin/replay", null);
        assertThat(started.status()).isEqualTo(202);
        JsonNode done = waitForEnd();

        assertThat(done.get("state").asString()).isEqualTo("completed");
        assertThat(done.get("events_done").asLong()).isEqualTo(before.events());
        System.out.printf("replayed %d events at %.0f events/s (%s)%n", done.get("events_done").asLong(),
                done.get("rate_per_second").asDouble(), TestDatabase.KIND);
        ReadModelDump after = ReadModelDump.dump(jdbc);
        assertThat(after.differenceTo(before)).isNull();
    }

    @Test
    void bots_keep_working_during_a_replay_and_their_work_is_in_the_tables_afterwards() throws Exception {
        waitUntilIdle();
        WorkingBots bots = new WorkingBots(bot("busy"));

        var started = api.post("/api/admin/replay", null);
        bots.start(port, 1);
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
        bots.stop();

        assertThat(status.get("state").asString()).isEqualTo("completed");
        assertThat(progress.stream().distinct().count()).as("events_done seen while running: %s", progress)
                .isGreaterThanOrEqualTo(2);
        assertThat(progress).isSorted();
        bots.assertTheirWorkIsInTheTables();
    }

    /**
     * The replay runs on this instance while bots work through it and through a second instance on the same
     * database: the swap must hold both instances' commands, or a command that lands between the replay's last
     * read and the swap is missing from the new tables; each bot's task is there once, with its three audit rows
     * and no more. MySQL and MariaDB only: the embedded H2 database serves a single instance (one process opens its
     * file), and there the hold is the in-process lock the test above covers.
     */
    @Test
    void bots_on_another_instance_keep_working_during_a_replay_and_their_work_is_in_the_tables_afterwards()
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isMariaDb(),
                "several instances share MySQL or MariaDB only");
        waitUntilIdle();
        WorkingBots bots = new WorkingBots(bot("elsewhere"));
        try (AppInstance other = AppInstance.onDatabaseOf((ConfigurableApplicationContext) context)) {
            bots.start(other.port, 4);
            bots.start(port, 2);
            Thread.sleep(200);
            var started = api.post("/api/admin/replay", null);
            assertThat(started.status()).isEqualTo(202);
            JsonNode done = waitForEnd();
            Thread.sleep(200);
            bots.stop();
            assertThat(done.get("state").asString()).isEqualTo("completed");
        }
        bots.assertTheirWorkIsInTheTables();
    }

    /** Bots of one name working (create, start, complete) until stopped, and what the service told them. */
    private final class WorkingBots {

        private final String bot;
        private final ReadModelDump before = ReadModelDump.dump(jdbc);
        private final Set<Long> ids = ConcurrentHashMap.newKeySet();
        private final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean working = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        WorkingBots(String bot) {
            this.bot = bot;
        }

        /** {@code count} threads, each a bot working through the instance on {@code port}. */
        void start(int port, int count) {
            for (int t = 0; t < count; t++) {
                Thread thread = new Thread(() -> {
                    ApiClient client = new ApiClient(port);
                    while (working.get()) {
                        var created = client.post("/api/tasks",
                                "{\"task_name\":\"during replay\",\"assigned_to\":\"" + bot + "\"}");
                        answers.add(created.status());
                        long id = created.json().get("id").asLong();
                        ids.add(id);
                        answers.add(client.put("/api/tasks/" + id + "/start").status());
                        answers.add(client.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status());
                    }
                });
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            working.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        /** Every call answered 200, every task is complete with its three audit rows, no other row changed. */
        void assertTheirWorkIsInTheTables() {
            assertThat(answers).isNotEmpty().allMatch(code -> code == 200);
            for (long id : ids) {
                assertThat(count("SELECT COUNT(*) FROM bot_task WHERE id = ? AND status = 'completed'", id))
                        .as("task %d", id).isEqualTo(1);
                assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id))
                        .as("audit rows of task %d", id).isEqualTo(3);
            }
            assertThat(ReadModelDump.dump(jdbc).without(bot, ids).differenceTo(before)).isNull();
        }
    }

    @Test
    void one_projection_can_be_replayed_alone_and_an_unknown_one_is_refused() {
        waitUntilIdle();
        var refused = api.post("/api/admin/replay?projection=nope", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("projection");

        ReadModelDump before = ReadModelDump.dump(jdbc);
        var started = api.post("/api/admin/replay?projection=bot-task-log", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projection").asString()).isEqualTo("bot-task-log");
        assertThat(waitForEnd().get("state").asString()).isEqualTo("completed");
        assertThat(ReadModelDump.dump(jdbc).differenceTo(before)).isNull();
    }

    @Test
    void a_replay_claimed_by_another_instance_is_a_409_here_until_that_instance_stops_reporting() {
        waitUntilIdle();
        long now = System.currentTimeMillis();
        // another instance on the same database has claimed the replay and reports
        jdbc.sql("UPDATE projection_replay SET state = 'running', phase = 'reading', projection = 'all',"
                        + " owner = 'another-instance', events_done = 10, events_total = 100, started_millis = ?,"
                        + " finished_millis = NULL, heartbeat_millis = ?, error = NULL, seconds_left = 40"
                        + " WHERE name = 'replay'")
                .params(now - 60_000, now - 10_000).update();

        var refused = api.post("/api/admin/replay", null);
        assertThat(refused.status()).isEqualTo(409);
        JsonNode seen = api.get("/api/admin/replay").json();
        assertThat(seen.get("state").asString()).isEqualTo("running");
        assertThat(seen.get("events_done").asLong()).isEqualTo(10);
        // that instance's own estimate (40 s, which counts its copy too), ten seconds old; not the 540 s that its
        // average rate would give for the 90 events left
        assertThat(seen.get("seconds_left").asLong()).isBetween(29L, 30L);

        // that instance died: after two minutes without a report its claim is void
        jdbc.sql("UPDATE projection_replay SET heartbeat_millis = ? WHERE name = 'replay'")
                .param(now - 180_000).update();
        JsonNode abandoned = api.get("/api/admin/replay").json();
        assertThat(abandoned.get("state").asString()).isEqualTo("failed");
        assertThat(abandoned.get("error").asString()).contains("another-instance");
        var started = api.post("/api/admin/replay", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(waitForEnd().get("state").asString()).isEqualTo("completed");
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
