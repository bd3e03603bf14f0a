package org.opentask.app.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/tasks/claim}: one call takes the next task, and racing claimers never share one. */
class ClaimApiTest extends ApiTest {

    @Autowired
    ClaimWaiters waiters;

    @Test
    void a_claim_starts_the_next_pending_task_in_the_contract_order() {
        String bot = bot("anna");
        long normal = api.createTask(bot, "normal", "P2");
        long urgent = api.createTask(bot, "urgent", "P0");
        long important = api.createTask(bot, "important", "P1");

        var first = claim(bot);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("id").asLong()).isEqualTo(urgent);
        assertThat(first.json().get("status").asString()).isEqualTo("running");
        assertThat(first.json().get("started_time").isNull()).isFalse();
        assertThat(claim(bot).json().get("id").asLong()).isEqualTo(important);
        assertThat(claim(bot).json().get("id").asLong()).isEqualTo(normal);

        var none = claim(bot);
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.text()).isEmpty();

        var log = api.get("/api/logs/" + urgent).json();
        assertThat(log.get(0).get("action").asString()).isEqualTo("start");
        assertThat(log.get(0).get("operator").asString()).isEqualTo(bot);
    }

    @Test
    void a_claim_records_the_operator_it_names() {
        String bot = bot("trump");
        long id = api.createTask(bot, "with operator", "P2");

        var claimed = api.send(api.request("/api/tasks/claim?assigned_to=" + bot)
                .header("X-Operator", "night-shift").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
        assertThat(api.get("/api/logs/" + id).json().get(0).get("operator").asString()).isEqualTo("night-shift");
    }

    @Test
    void a_claim_takes_only_its_own_bots_tasks() {
        String bot = bot("cc");
        api.createTask(bot("other"), "not mine", "P0");

        assertThat(claim(bot).status()).isEqualTo(204);
    }

    @Test
    void fifty_concurrent_claimers_take_two_hundred_tasks_each_exactly_once() throws Exception {
        String bot = bot("swarm");
        Set<Long> created = createTasks(bot, 200);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        runTogether(50, claimer -> {
            while (true) {
                var response = claim(bot);
                if (response.status() == 204) {
                    return;
                }
                if (response.status() != 200) {
                    unexpected.add(response.status() + " " + response.text());
                    return;
                }
                claimed.add(response.json().get("id").asLong());
            }
        });

        assertThat(unexpected).isEmpty();
        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ? AND status = 'pending'", bot)).isZero();
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ? AND status = 'running'", bot))
                .isEqualTo(200);
        assertThat(startRowsPerTask(bot)).hasSize(200).allMatch(rows -> rows == 1);
        // the losers of every race wrote nothing: each task has the events of a task created and started once
        long control = api.createTask(bot("control"), "control", "P2");
        assertThat(api.put("/api/tasks/" + control + "/start").status()).isEqualTo(200);
        long eventsPerStartedTask = eventsOf(Set.of(control));
        assertThat(eventsOf(created)).isEqualTo(200 * eventsPerStartedTask);
    }

    @Test
    void racing_claims_and_starts_start_each_task_once_and_the_losing_starts_get_409() throws Exception {
        String bot = bot("race");
        List<Long> ids = new ArrayList<>(createTasks(bot, 40));
        ConcurrentLinkedQueue<Long> won = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        runTogether(20, worker -> race(worker % 2 == 0 ? () -> claim(bot) : null, api, ids, won, unexpected,
                lost -> assertThat(lost.detail()).contains("running")));

        assertThat(unexpected).isEmpty();
        assertThat(won).hasSize(40).doesNotHaveDuplicates();
        assertThat(new HashSet<>(won)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(startRowsPerTask(bot)).hasSize(40).allMatch(rows -> rows == 1);
    }

    @Test
    void a_waiting_claimer_is_handed_a_task_created_while_it_waits() throws Exception {
        String bot = bot("waiter");
        var waiting = claimAsync(bot, 20);
        awaitWaiters(1);

        long created = System.nanoTime();
        long id = api.createTask(bot, "arrives later", "P2");
        var answer = waiting.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("id").asLong()).isEqualTo(id);
        assertThat(answer.json().get("status").asString()).isEqualTo("running");
        // handed over on arrival, long before the 20 s wait was up
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created)).isLessThan(5_000);
    }

    @Test
    void a_waiting_claimer_gets_204_when_no_task_comes_in_time() throws Exception {
        String bot = bot("idle");
        long start = System.nanoTime();

        var answer = claimAsync(bot, 1).get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.text()).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(950L, 10_000L);
    }

    @Test
    void a_waiting_claimer_is_not_handed_another_bots_task() throws Exception {
        String bot = bot("patient");
        var waiting = claimAsync(bot, 2);
        awaitWaiters(1);

        api.createTask(bot("someone-else"), "not for the waiter", "P0");

        assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
    }

    @Test
    void a_retried_task_is_handed_to_a_waiting_claimer() throws Exception {
        String bot = bot("retrier");
        long id = api.createTask(bot, "flaky", "P2");
        assertThat(claim(bot).json().get("id").asLong()).isEqualTo(id);
        api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"timeout\"}");
        var waiting = claimAsync(bot, 20);
        awaitWaiters(1);

        api.put("/api/tasks/" + id + "/retry");

        var answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("id").asLong()).isEqualTo(id);
        assertThat(answer.json().get("retry_count").asInt()).isEqualTo(1);
    }

    @Test
    void a_task_reassigned_to_a_waiting_bot_is_handed_over() throws Exception {
        String bot = bot("heir");
        long id = api.createTask(bot("leaver"), "handed on", "P2");
        var waiting = claimAsync(bot, 20);
        awaitWaiters(1);

        api.put("/api/tasks/" + id, "{\"assigned_to\":\"" + bot + "\"}");

        var answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void several_waiting_claimers_each_get_one_of_several_new_tasks() throws Exception {
        String bot = bot("crowd");
        List<Future<ApiClient.Response>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(claimAsync(bot, 20));
        }
        awaitWaiters(5);

        Set<Long> created = createTasks(bot, 5);

        Set<Long> handed = new HashSet<>();
        for (var answer : waiting) {
            var response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            handed.add(response.json().get("id").asLong());
        }
        assertThat(handed).isEqualTo(created);
    }

    /**
     * More waiters than Tomcat has request threads (200) and the pool has connections (20): if a waiter held
     * either, the create below could not be answered until the waits ran out.
     */
    @Test
    void waiting_claimers_hold_no_request_thread_and_no_database_connection() throws Exception {
        String bot = bot("many");
        List<Future<ApiClient.Response>> waiting = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            waiting.add(claimAsync(bot, 8));
        }
        awaitWaiters(250);
        long waitsEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);

        long other = api.createTask(bot("bystander"), "served meanwhile", "P2");
        assertThat(api.get("/api/tasks/" + other).status()).isEqualTo(200);
        long id = api.createTask(bot, "one for the many", "P2");

        assertThat(System.nanoTime()).isLessThan(waitsEnd);
        int handed = 0;
        int empty = 0;
        for (var answer : waiting) {
            var response = answer.get(30, TimeUnit.SECONDS);
            if (response.status() == 200) {
                handed++;
                assertThat(response.json().get("id").asLong()).isEqualTo(id);
            } else {
                assertThat(response.status()).isEqualTo(204);
                empty++;
            }
        }
        assertThat(handed).isEqualTo(1);
        assertThat(empty).isEqualTo(249);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "61", "soon", "1.5"})
    void a_wait_outside_0_to_60_seconds_is_a_400_naming_wait(String wait) {
        String bot = bot("strict");
        long id = api.createTask(bot, "untouched", "P2");

        var response = api.send(api.request("/api/tasks/claim?assigned_to=" + bot + "&wait=" + wait)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.detail()).startsWith("wait ");
        assertThat(response.json().get("field").asString()).isEqualTo("wait");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("pending");
    }

    @Test
    void a_claim_without_a_bot_is_a_400_naming_assigned_to() {
        var response = api.send(api.request("/api/tasks/claim").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("assigned_to");
    }

    @Test
    void a_claim_needs_the_key() {
        var response = api.send(HttpRequest.newBuilder(
                URI.create(ApiClient.baseUrl(port) + "/api/tasks/claim?assigned_to=x"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).isEqualTo(401);
    }

    private ApiClient.Response claim(String bot) {
        return api.send(api.request("/api/tasks/claim?assigned_to=" + bot).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Future<ApiClient.Response> claimAsync(String bot, int waitSeconds) {
        HttpRequest.Builder request = api.request("/api/tasks/claim?assigned_to=" + bot + "&wait=" + waitSeconds)
                .timeout(Duration.ofSeconds(waitSeconds + 30))
                .POST(HttpRequest.BodyPublishers.noBody());
        return api.sendAsync(request);
    }

    /** Until at least {@code n} claimers wait: the claims sent before are then registered. */
    private void awaitWaiters(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiters.waiting() < n) {
            assertThat(System.nanoTime()).as("claimers waiting").isLessThan(end);
            Thread.sleep(5);
        }
    }

    private Set<Long> createTasks(String bot, int n) throws Exception {
        Set<Long> ids = Collections.synchronizedSet(new HashSet<>());
        runTogether(8, worker -> {
            for (int i = worker; i < n; i += 8) {
                ids.add(api.createTask(bot, "task " + i, "P" + (i % 3)));
            }
        });
        assertThat(ids).hasSize(n);
        return ids;
    }

    /** How many events the event store holds for these tasks. */
    long eventsOf(Set<Long> ids) {
        List<String> aggregates = ids.stream().map(String::valueOf).toList();
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + String.join(", ", Collections.nCopies(aggregates.size(), "?")) + ")")
                .params(aggregates)
                .query(Long.class)
                .single();
    }

    /** Per task of {@code bot}, how many {@code start} rows its audit trail holds. */
    private List<Long> startRowsPerTask(String bot) {
        return jdbc.sql("SELECT COUNT(l.id) FROM bot_task t LEFT JOIN bot_task_log l"
                        + " ON l.task_id = t.id AND l.action = 'start' WHERE t.assigned_to = ? GROUP BY t.id")
                .param(bot)
                .query(Long.class)
                .list();
    }

    /**
     * One racer over a bot's tasks: a claimer ({@code claim} given) claims until none is left; a starter tries to
     * start every task, in an order of its own, through {@code client}. Tasks won go to {@code won}; answers other
     * than a win, an empty queue or a lost start (409, which {@code lostStart} sees) go to {@code unexpected}.
     */
    static void race(Supplier<ApiClient.Response> claim, ApiClient client, List<Long> ids, Queue<Long> won,
                     Queue<String> unexpected, Consumer<ApiClient.Response> lostStart) {
        if (claim != null) {
            while (true) {
                var response = claim.get();
                if (response.status() == 204) {
                    return;
                }
                if (response.status() != 200) {
                    unexpected.add("claim " + response.status() + " " + response.text());
                    return;
                }
                won.add(response.json().get("id").asLong());
            }
        }
        List<Long> order = new ArrayList<>(ids);
        Collections.shuffle(order);
        for (long id : order) {
            var response = client.put("/api/tasks/" + id + "/start");
            if (response.status() == 200) {
                won.add(id);
            } else if (response.status() != 409) {
                unexpected.add("start " + response.status() + " " + response.text());
            } else {
                lostStart.accept(response);
            }
        }
    }
}
