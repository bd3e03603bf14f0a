package org.opentask.app.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.OpenTaskApplication;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Two instances of the service on one database, as in production: here nothing in memory is shared, so the
 * database alone keeps claims and idempotent creates apart, and waiters learn of other instances' tasks only
 * through the periodic re-check.
 */
class TwoInstancesApiTest extends ApiTest {

    /** The second instance looks for other instances' tasks this often. */
    private static final int RECHECK_SECONDS = 2;

    private static ConfigurableApplicationContext secondInstance;
    private static int secondPort;

    @Autowired
    Environment environment;

    ApiClient second;

    @BeforeEach
    void startSecondInstance() {
        synchronized (TwoInstancesApiTest.class) {
            if (secondInstance == null) {
                // arguments, not default properties: those would lose to application.properties
                secondInstance = new SpringApplicationBuilder(OpenTaskApplication.class).run(
                        "--server.port=0",
                        "--opentask.claim.recheck-interval=" + RECHECK_SECONDS + "s",
                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + environment.getProperty("spring.datasource.password"));
                assertThat(secondInstance.getEnvironment().getProperty("spring.datasource.url"))
                        .isEqualTo(environment.getProperty("spring.datasource.url"));
                secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
            }
        }
        second = new ApiClient(secondPort);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
            secondInstance = null;
        }
    }

    /** A task with no lease, so that a heartbeat on it records nothing. */
    private long startedOn(ApiClient instance, String bot) {
        long id = instance.post("/api/tasks", "{\"task_name\":\"kept\",\"assigned_to\":\"" + bot
                + "\",\"timeout_seconds\":0}").json().get("id").asLong();
        assertThat(instance.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        return id;
    }

    @Test
    void a_task_the_other_instance_changed_is_decided_on_its_stored_state() {
        long id = startedOn(api, bot("stale"));
        // the first instance now holds the task in memory as running; the second fails and retries it
        assertThat(second.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"no\"}").status()).isEqualTo(200);
        assertThat(second.put("/api/tasks/" + id + "/retry").status()).isEqualTo(200);

        ApiClient.Response restarted = api.put("/api/tasks/" + id + "/start");
        assertThat(restarted.status()).as(restarted.text()).isEqualTo(200);
        assertThat(restarted.json().get("status").asString()).isEqualTo("running");
        assertThat(restarted.json().get("retry_count").asInt()).isEqualTo(1);

        ApiClient.Response completed = second.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}");
        assertThat(completed.status()).as(completed.text()).isEqualTo(200);
        ApiClient.Response again = api.put("/api/tasks/" + id + "/complete", "{\"result\":\"twice\"}");
        assertThat(again.status()).as(again.text()).isEqualTo(409);
        assertThat(again.json().get("current_status").asString()).isEqualTo("completed");
        assertThat(api.get("/api/tasks/" + id).json()).isEqualTo(completed.json());
        assertThat(api.get("/api/logs/" + id).json()).hasSize(6);
    }

    @Test
    void a_decision_that_records_nothing_is_checked_against_the_stored_task() {
        long id = startedOn(api, bot("quiet"));
        assertThat(second.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}").status()).isEqualTo(200);

        // held in memory as running, the task would take this heartbeat without an event to collide with
        ApiClient.Response beat = api.put("/api/tasks/" + id + "/heartbeat");

        assertThat(beat.status()).as(beat.text()).isEqualTo(409);
        assertThat(beat.json().get("current_status").asString()).isEqualTo("completed");
    }

    @Test
    void claimers_on_two_instances_take_each_task_exactly_once() throws Exception {
        String bot = bot("split");
        Set<Long> created = Collections.synchronizedSet(new HashSet<>());
        runTogether(8, worker -> {
            for (int i = worker; i < 200; i += 8) {
                created.add((worker % 2 == 0 ? api : second).createTask(bot, "task " + i, "P" + (i % 3)));
            }
        });
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        runTogether(50, claimer -> {
            ApiClient client = claimer % 2 == 0 ? api : second;
            while (true) {
                var response = claim(client, bot, 0);
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
        assertThat(count("SELECT COUNT(*) FROM bot_task_log l JOIN bot_task t ON l.task_id = t.id"
                + " WHERE t.assigned_to = ? AND l.action = 'start'", bot)).isEqualTo(200);
    }

    @Test
    void twenty_concurrent_creates_with_one_key_on_two_instances_make_exactly_one_task() throws Exception {
        String bot = bot("twice");
        String key = "key-" + UUID.randomUUID();
        String body = "{\"task_name\":\"only once\",\"assigned_to\":\"" + bot + "\"}";
        ConcurrentLinkedQueue<ApiClient.Response> answers = new ConcurrentLinkedQueue<>();

        runTogether(20, worker -> {
            ApiClient client = worker % 2 == 0 ? api : second;
            answers.add(client.send(client.request("/api/tasks").header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body))));
        });

        assertThat(answers).hasSize(20).allMatch(answer -> answer.status() == 200);
        assertThat(answers.stream().map(answer -> answer.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log l JOIN bot_task t ON l.task_id = t.id"
                + " WHERE t.assigned_to = ?", bot)).isEqualTo(1);
    }

    @Test
    void a_task_created_through_one_instance_reaches_a_claimer_waiting_on_the_other() throws Exception {
        String bot = bot("remote");
        Future<ApiClient.Response> waiting = second.sendAsync(second.request(
                        "/api/tasks/claim?assigned_to=" + bot + "&wait=20")
                .timeout(Duration.ofSeconds(50)).POST(HttpRequest.BodyPublishers.noBody()));
        ClaimWaiters secondWaiters = secondInstance.getBean(ClaimWaiters.class);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (secondWaiters.waiting() < 1) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.sleep(5);
        }

        long created = System.nanoTime();
        long id = api.createTask(bot, "from the other side", "P2");
        var answer = waiting.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("id").asLong()).isEqualTo(id);
        // found by the re-check (every second by default), not by the end of the 20 s wait
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created)).isLessThan(10_000);
    }

    /** The re-check wakes one waiter per bot; each waiter that wins a task wakes the next. */
    @Test
    void several_tasks_created_through_one_instance_reach_several_claimers_waiting_on_the_other() throws Exception {
        String bot = bot("remotes");
        ClaimWaiters secondWaiters = secondInstance.getBean(ClaimWaiters.class);
        int before = secondWaiters.waiting();
        List<Future<ApiClient.Response>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(second.sendAsync(second.request("/api/tasks/claim?assigned_to=" + bot + "&wait=30")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody())));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (secondWaiters.waiting() < before + 5) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.sleep(5);
        }

        long created = System.nanoTime();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.createTask(bot, "remote " + i, "P2"));
        }

        Set<Long> handed = new HashSet<>();
        for (var answer : waiting) {
            var response = answer.get(40, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            handed.add(response.json().get("id").asLong());
        }
        assertThat(handed).isEqualTo(ids);
        // one re-check round and a chain of wake-ups, not one round per task (5 rounds would be 10 s)
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created))
                .isLessThan(TimeUnit.SECONDS.toMillis(3 * RECHECK_SECONDS));
    }

    @Test
    void claims_and_starts_on_two_instances_start_each_task_once() throws Exception {
        String bot = bot("both");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(api.createTask(bot, "task " + i, "P2"));
        }
        ConcurrentLinkedQueue<Long> won = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        runTogether(12, worker -> {
            ApiClient client = worker % 2 == 0 ? api : second;
            ClaimApiTest.race(worker % 4 < 2 ? () -> claim(client, bot, 0) : null, client, ids, won, unexpected,
                    lost -> { });
        });

        assertThat(unexpected).isEmpty();
        assertThat(won).hasSize(30).doesNotHaveDuplicates();
        assertThat(count("SELECT COUNT(*) FROM bot_task_log l JOIN bot_task t ON l.task_id = t.id"
                + " WHERE t.assigned_to = ? AND l.action = 'start'", bot)).isEqualTo(30);
    }

    private static ApiClient.Response claim(ApiClient client, String bot, int wait) {
        return client.send(client.request("/api/tasks/claim?assigned_to=" + bot + "&wait=" + wait)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
