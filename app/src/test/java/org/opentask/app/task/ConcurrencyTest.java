package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Races: many bots starting one task at once, many creates at once, and two instances of the service on one
 * database handing out ids and taking the same task.
 */
class ConcurrencyTest extends ApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    TaskIdAllocator ids;

    private final ExecutorService pool = Executors.newFixedThreadPool(20);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Runs every call at the same moment and answers their results, in order. */
    private <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                return call.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    private long startRows(long id) {
        return count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ? AND action = 'start'", id);
    }

    @Test
    void twenty_concurrent_starts_of_one_task_give_exactly_one_success_and_one_start_row() throws Exception {
        long id = api.createTask(bot("race"), "contested", "P0");
        List<Callable<Integer>> starts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String bot = "bot-" + i;
            starts.add(() -> api.call("PUT", "/api/tasks/" + id + "/start", null, null, "X-Operator", bot).status());
        }

        List<Integer> statuses = atOnce(starts);

        assertThat(statuses).filteredOn(status -> status / 100 == 2).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
        assertThat(startRows(id)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%TaskStartedEvent'", "" + id)).isEqualTo(1);
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("running");
    }

    @Test
    void concurrent_creates_get_distinct_ids() throws Exception {
        String bot = bot("many");
        List<Callable<Long>> creates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            creates.add(() -> api.createTask(bot, "task " + n, "P" + (n % 3)));
        }

        List<Long> created = atOnce(creates);

        assertThat(new HashSet<>(created)).hasSize(60);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(60);
        assertThat(api.get("/api/tasks?assigned_to=" + bot).json().size()).isEqualTo(60);
    }

    @Test
    void two_instances_on_one_database_share_tasks_never_hand_out_one_id_twice_and_never_reuse_ids() throws Exception {
        Set<Long> handedOut = new HashSet<>();
        // a small block, so that the instances take many blocks while they race
        try (AppInstance second = AppInstance.onDatabaseOf(context, "opentask.id-block-size=3")) {
            TaskIdAllocator other = second.bean(TaskIdAllocator.class);
            Collection<Long> allocated = new ConcurrentLinkedQueue<>();
            List<Callable<Boolean>> allocators = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                TaskIdAllocator allocator = thread % 2 == 0 ? ids : other;
                allocators.add(() -> {
                    for (int i = 0; i < 150; i++) {
                        allocated.add(allocator.nextId());
                    }
                    return true;
                });
            }
            atOnce(allocators);
            assertThat(allocated).hasSize(1200).doesNotHaveDuplicates();
            handedOut.addAll(allocated);

            // creates through both instances at once: distinct ids, and each instance reads the other's tasks
            String bot = bot("two");
            List<Callable<Long>> creates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ApiClient client = i % 2 == 0 ? api : second.api;
                creates.add(() -> client.createTask(bot, "t", "P2"));
            }
            List<Long> created = atOnce(creates);
            assertThat(created).doesNotHaveDuplicates().doesNotContainAnyElementsOf(handedOut);
            handedOut.addAll(created);
            assertThat(second.api.get("/api/tasks?assigned_to=" + bot).json().size()).isEqualTo(40);
            assertThat(api.get("/api/tasks?assigned_to=" + bot).json().size()).isEqualTo(40);

            // both instances race to start one task: the database lets one of them win, and the losers are
            // told the task is running, as a loser on the winner's own instance is
            long id = api.createTask(bot("race2"), "contested", "P0");
            List<Callable<ApiClient.Response>> starts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ApiClient client = i % 2 == 0 ? api : second.api;
                starts.add(() -> client.put("/api/tasks/" + id + "/start"));
            }
            List<ApiClient.Response> responses = atOnce(starts);
            assertThat(responses).filteredOn(response -> response.status() / 100 == 2).hasSize(1);
            assertThat(responses).filteredOn(response -> response.status() == 409).hasSize(19)
                    .allSatisfy(response -> assertThat(response.detail()).contains("is running"));
            assertThat(startRows(id)).isEqualTo(1);

            // two edits of one task at the same moment on two instances do not conflict: both are made
            long edited = api.createTask(bot("edit"), "edited", "P2");
            for (int round = 0; round < 10; round++) {
                int progress = round;
                List<ApiClient.Response> edits = atOnce(List.of(
                        () -> api.put("/api/tasks/" + edited, "{\"progress\":" + progress + "}"),
                        () -> second.api.put("/api/tasks/" + edited, "{\"task_description\":\"round " + progress
                                + "\"}")));
                assertThat(edits).allSatisfy(edit -> assertThat(edit.status()).as(edit.text()).isEqualTo(200));
            }
            assertThat(api.get("/api/tasks/" + edited).json().get("task_description").asString())
                    .isEqualTo("round 9");
            assertThat(api.get("/api/tasks/" + edited).json().get("progress").asInt()).isEqualTo(9);
        }

        // a restarted instance carries on above every id handed out before, by either instance
        try (AppInstance restarted = AppInstance.onDatabaseOf(context, "opentask.id-block-size=3")) {
            long next = restarted.api.createTask(bot("after"), "after restart", "P2");
            assertThat(next).isGreaterThan(handedOut.stream().mapToLong(Long::longValue).max().orElseThrow());
            assertThat(ids.nextId()).isNotIn(handedOut).isNotEqualTo(next);
        }
    }
}
