package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.function.Predicate;

import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests of leases, automatic retry and delayed tasks: the real service with the lease sweep run ten times a
 * second and retry backoffs of a few seconds, so that timeouts of a few seconds can be watched run out.
 * These classes share one context of their own.
 */
@TestPropertySource(properties = {
        "opentask.timers.polling-interval=100ms",
        // these tests watch leases: every task gets one unless it says otherwise (the default gives none)
        "opentask.lease.default-timeout=30m",
        "opentask.retry.base-delay=2s",
        "opentask.retry.max-delay=4s"})
abstract class TimerApiTest extends ApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Creates a task from a JSON body and answers it. */
    JsonNode create(String json) {
        ApiClient.Response response = api.post("/api/tasks", json);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    JsonNode task(long id) {
        return api.get("/api/tasks/" + id).json();
    }

    JsonNode log(long id) {
        return api.get("/api/logs/" + id).json();
    }

    /** Polls the task until {@code condition} holds, or fails after {@code timeout}. */
    JsonNode await(long id, Duration timeout, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task = task(id);
        while (!condition.test(task)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " did not reach the expected state in " + timeout + ": " + task);
            }
            sleep(Duration.ofMillis(50));
            task = task(id);
        }
        return task;
    }

    static boolean hasStatus(JsonNode task, String status) {
        return status.equals(task.path("status").asString());
    }

    static LocalDateTime time(JsonNode node) {
        return node == null || node.isNull() ? null : LocalDateTime.parse(node.asString());
    }

    static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode lastPayload(long id, String payloadType) {
        byte[] payload = jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " AND payload_type = ? ORDER BY sequence_number DESC LIMIT 1")
                .params(Long.toString(id), payloadType)
                .query(byte[].class)
                .single();
        return JSON.readTree(payload);
    }

    /** 1 while the task's row holds a lease end for the sweep to find, else 0. */
    long leaseOnRow(long id) {
        return count("SELECT COUNT(*) FROM bot_task WHERE id = ? AND lease_expires_time IS NOT NULL", id);
    }

    /** 1 while the task's row holds an automatic retry's time for the sweep to find, else 0. */
    long retryOnRow(long id) {
        return count("SELECT COUNT(*) FROM bot_task WHERE id = ? AND next_retry_time IS NOT NULL", id);
    }

    long events(long id, String payloadType) {
        return count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?",
                Long.toString(id), payloadType);
    }
}
