package org.opentask.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Assumptions;
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
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The analytics rebuilt by {@code POST /api/admin/replay} equal a fresh computation: the tables the replay swapped
 * in, followed by the analytics' tracking processor from the position the replay handed it (with bots working
 * during the replay and after it), hold exactly the rows the processor computes when it reads the whole store from
 * the first event. The live analytics tables are damaged first, so only a real rebuild passes. In a context (and
 * database) of its own, so that the processor's reset reads only this class's events.
 */
@TestPropertySource(properties = "opentask.test.context=replay-analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAnalyticsApiTest extends ApiTest {

    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");
    private static final Pattern GAPS = Pattern.compile("\"gaps\"\\s*:\\s*\\[[^\\[\\]]*\\[([0-9,\\s]*)\\]");

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    void seed() {
        new EventSeeder(eventStore, transactionManager, jdbc)
                .seed(3_000, bot("seed"), Instant.now().minus(Duration.ofDays(9)));
    }

    @Test
    void the_analytics_rebuilt_by_a_replay_equal_a_fresh_computation() throws Exception {
        awaitAnalyticsAtHead();
        damageTheAnalytics();

        WorkingBots bots = new WorkingBots(bot("during"));
        var started = api.post("/api/admin/replay?projection=task-analytics", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projection").asString()).isEqualTo("task-analytics");
        bots.start(port, 2);
        JsonNode done = waitForEnd(api);
        bots.stop();
        assertThat(done.get("state").asString()).as("%s", done).isEqualTo("completed");
        new WorkingBots(bot("after")).work(port, 5);

        awaitAnalyticsAtHead();
        List<String> rebuilt = analytics();
        assertThat(rebuilt).isNotEmpty();

        assertSameRows(rebuilt, freshComputation(processor(processing)));
    }

    @Test
    void a_replay_of_everything_rebuilds_the_analytics_too() throws Exception {
        awaitAnalyticsAtHead();
        damageTheAnalytics();
        var started = api.post("/api/admin/replay", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projection").asString()).isEqualTo("all");
        assertThat(waitForEnd(api).get("state").asString()).isEqualTo("completed");
        awaitAnalyticsAtHead();
        List<String> rebuilt = analytics();
        assertSameRows(rebuilt, freshComputation(processor(processing)));
    }

    @Test
    void several_projections_are_named_with_commas_and_a_wrong_name_is_a_400_naming_the_field() throws Exception {
        var refused = api.post("/api/admin/replay?projection=bot-task,analytics", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("projection").contains("task-analytics");
        assertThat(refused.json().get("field").asString()).isEqualTo("projection");

        var started = api.post("/api/admin/replay?projection=bot-task-log,task-analytics", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("projection").asString()).isEqualTo("bot-task-log,task-analytics");
        assertThat(waitForEnd(api).get("state").asString()).isEqualTo("completed");
    }

    /**
     * The call goes to the instance that does not run the analytics processor: the other instance's processor is
     * handed the replay's position through the database and goes on from there. MySQL and MariaDB only: the embedded
     * H2 database serves one instance.
     */
    @Test
    void the_analytics_are_rebuilt_by_the_instance_that_does_not_hold_the_processor() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isMariaDb(), "several instances share MySQL or MariaDB only");
        awaitAnalyticsAtHead();
        TrackingEventProcessor here = processor(processing);
        here.shutDown(); // the processor runs on the other instance only
        try (AppInstance other = AppInstance.onDatabaseOf((ConfigurableApplicationContext) context)) {
            TrackingEventProcessor there = processor(other.bean(EventProcessingConfiguration.class));
            awaitAnalyticsAtHead();
            damageTheAnalytics();

            WorkingBots bots = new WorkingBots(bot("two"));
            var started = api.post("/api/admin/replay?projection=task-analytics", null);
            assertThat(started.status()).isEqualTo(202);
            bots.start(other.port, 2);
            bots.start(port, 1);
            JsonNode done = waitForEnd(other.api);
            bots.stop();
            assertThat(done.get("state").asString()).as("%s", done).isEqualTo("completed");
            new WorkingBots(bot("two-after")).work(other.port, 5);

            awaitAnalyticsAtHead();
            List<String> rebuilt = analytics();
            there.shutDown();
            assertSameRows(rebuilt, freshComputation(here));
        } finally {
            if (!here.isRunning()) {
                here.start();
            }
        }
    }

    /** Rows the replay must put back: some gone, some wrong. */
    private void damageTheAnalytics() {
        jdbc.sql("DELETE FROM task_analytics_event WHERE MOD(task_id, 3) = 0").update();
        jdbc.sql("UPDATE task_analytics_event SET wait_ms = 1 WHERE wait_ms IS NOT NULL").update();
        jdbc.sql("DELETE FROM task_analytics_task WHERE MOD(task_id, 2) = 0").update();
        assertThat(count("SELECT COUNT(*) FROM task_analytics_event")).isPositive();
    }

    /** The analytics as {@code processor} computes them from the first event, through Axon's token reset. */
    private List<String> freshComputation(TrackingEventProcessor processor) throws Exception {
        processor.shutDown();
        processor.resetTokens();
        assertThat(count("SELECT COUNT(*) FROM task_analytics_event")).isZero();
        processor.start();
        awaitAnalyticsAtHead();
        return analytics();
    }

    /** The rows only one of the two has, named, so that a failure says which; then the whole lists. */
    private static void assertSameRows(List<String> rebuilt, List<String> fresh) {
        List<String> onlyRebuilt = new ArrayList<>(rebuilt);
        onlyRebuilt.removeAll(fresh);
        List<String> onlyFresh = new ArrayList<>(fresh);
        onlyFresh.removeAll(rebuilt);
        assertThat(onlyRebuilt).as("rows only in the rebuilt analytics").isEmpty();
        assertThat(onlyFresh).as("rows only in the fresh computation").isEmpty();
        assertThat(fresh).isEqualTo(rebuilt);
    }

    /** Every row of both analytics tables, in key order. */
    private List<String> analytics() {
        List<String> rows = new ArrayList<>(jdbc.sql("SELECT CONCAT('event ', task_id, ' ', sequence_number, ' ',"
                        + " stat_date, ' ', assigned_to, ' ', kind, ' ', COALESCE(wait_ms, -1), ' ',"
                        + " COALESCE(run_ms, -1))"
                        + " FROM task_analytics_event ORDER BY task_id, sequence_number")
                .query(String.class).list());
        rows.addAll(jdbc.sql("SELECT CONCAT('task ', task_id, ' ', assigned_to, ' ', COALESCE(pending_since_ms, -1),"
                        + " ' ', COALESCE(running_since_ms, -1)) FROM task_analytics_task ORDER BY task_id")
                .query(String.class).list());
        return rows;
    }

    /** Until the processor's token, whoever holds it, is at the newest event, and stays there a moment. */
    private void awaitAnalyticsAtHead() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        int seen = 0;
        while (seen < 3) {
            assertThat(System.currentTimeMillis()).as("analytics processor at the newest event").isLessThan(deadline);
            long head = count("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry");
            List<String> tokens = jdbc.sql("SELECT owner, token FROM token_entry"
                            + " WHERE processor_name = 'task-analytics'")
                    .query((rs, n) -> rs.getString(1) + " " + (rs.getBytes(2) == null ? ""
                            : new String(rs.getBytes(2), StandardCharsets.UTF_8)))
                    .list();
            // past the newest event, and no event stored in a gap it still waits for (instances interleave indexes)
            boolean atHead = tokens.size() == 1 && !tokens.get(0).startsWith("opentask-replay")
                    && position(tokens.get(0)) >= head && storedInGaps(tokens.get(0)) == 0;
            seen = atHead ? seen + 1 : 0;
            Thread.sleep(300);
        }
    }

    private long storedInGaps(String token) {
        int at = token.contains("tokenAtReset") ? Math.max(token.indexOf("\"currentToken\""), 0) : 0;
        String current = token.substring(at);
        Matcher gaps = GAPS.matcher(current);
        if (!gaps.find() || gaps.group(1).isBlank()) {
            return 0;
        }
        return count("SELECT COUNT(*) FROM domain_event_entry WHERE global_index IN (" + gaps.group(1) + ")");
    }

    /** The token's position; a reset's replay token (which stays one until a newer event comes) is where it is now. */
    private static long position(String token) {
        int current = token.indexOf("\"currentToken\"");
        if (token.contains("tokenAtReset") && current < 0) {
            return -1;
        }
        Matcher index = INDEX.matcher(token.contains("tokenAtReset") ? token.substring(current) : token);
        return index.find() ? Long.parseLong(index.group(1)) : -1;
    }

    private static TrackingEventProcessor processor(EventProcessingConfiguration processing) {
        return processing.eventProcessor("task-analytics", TrackingEventProcessor.class).orElseThrow();
    }

    private static JsonNode waitForEnd(ApiClient client) throws InterruptedException {
        return ReplayStatusPolls.untilEnded(client);
    }

    /** Bots of one name creating, starting and completing tasks, some failing and retrying first. */
    private record WorkingBots(String bot, AtomicBoolean working, List<Thread> threads, List<Integer> answers) {

        WorkingBots(String bot) {
            this(bot, new AtomicBoolean(true), new ArrayList<>(), Collections.synchronizedList(new ArrayList<>()));
        }

        /** {@code count} bots working through the instance on {@code port} until {@link #stop()}. */
        void start(int port, int count) {
            IntStream.range(0, count).mapToObj(t -> new Thread(() -> {
                ApiClient client = new ApiClient(port);
                for (int task = 0; working.get(); task++) {
                    cycle(client, task);
                }
            })).forEach(thread -> {
                threads.add(thread);
                thread.start();
            });
        }

        /** {@code tasks} tasks, one after the other, through the instance on {@code port}. */
        void work(int port, int tasks) {
            ApiClient client = new ApiClient(port);
            for (int task = 0; task < tasks; task++) {
                cycle(client, task);
            }
            assertThat(answers).allMatch(code -> code == 200);
        }

        private void cycle(ApiClient client, int task) {
            var created = client.post("/api/tasks", "{\"task_name\":\"analytics\",\"assigned_to\":\"" + bot + "\"}");
            answers.add(created.status());
            long id = created.json().get("id").asLong();
            answers.add(client.put("/api/tasks/" + id + "/start").status());
            if (task % 3 == 0) {
                answers.add(client.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"no\"}").status());
                answers.add(client.put("/api/tasks/" + id + "/retry").status());
                answers.add(client.put("/api/tasks/" + id + "/start").status());
            }
            answers.add(client.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status());
        }

        void stop() throws InterruptedException {
            working.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(answers).isNotEmpty().allMatch(code -> code == 200);
        }
    }
}
