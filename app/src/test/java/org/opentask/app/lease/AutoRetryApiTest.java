package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Backoffs here: base 2 s, cap 4 s; the n-th retry waits between half and all of min(4 s, 2 s * 2^(n-1)). */
class AutoRetryApiTest extends TimerApiTest {

    @Test
    void auto_retry_brings_a_failed_task_back_to_pending_after_its_backoff_and_stops_at_max_retry() {
        String bot = bot("retry");
        long id = create("{\"task_name\":\"flaky\",\"assigned_to\":\"" + bot + "\",\"auto_retry\":true,"
                + "\"max_retry\":2,\"timeout_seconds\":60}").get("id").asLong();

        for (int retry = 1; retry <= 2; retry++) {
            api.put("/api/tasks/" + id + "/start");
            JsonNode failed = api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"boom " + retry + "\"}").json();
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("next_retry_time").isNull()).isFalse();
            // the API prints whole seconds: the backoff is measured on the table's microseconds
            LocalDateTime failedAt = column(id, "completed_time");
            LocalDateTime retryAt = column(id, "next_retry_time");
            long stepMillis = Math.min(4000, 2000L << (retry - 1));
            assertThat(Duration.between(failedAt, retryAt).toMillis()).isBetween(stepMillis / 2 - 5, stepMillis + 5);

            JsonNode back = await(id, Duration.ofSeconds(15), task -> hasStatus(task, "pending"));
            assertThat(back.get("retry_count").asInt()).isEqualTo(retry);
            assertThat(back.get("next_retry_time").isNull()).isTrue();
            JsonNode row = log(id).get(0);
            assertThat(row.get("action").asString()).isEqualTo("retry");
            assertThat(row.get("operator").asString()).isEqualTo("system");
            assertThat(row.get("message").asString()).isEqualTo("retry " + retry + " of 2");
            assertThat(time(row.get("created_time"))).isAfterOrEqualTo(retryAt.withNano(0));
        }

        api.put("/api/tasks/" + id + "/start");
        JsonNode last = api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"boom 3\"}").json();
        assertThat(last.get("next_retry_time").isNull()).isTrue();
        sleep(Duration.ofMillis(4500));
        JsonNode dead = task(id);
        assertThat(dead.get("status").asString()).isEqualTo("failed");
        assertThat(dead.get("retry_count").asInt()).isEqualTo(2);
        assertThat(ids(api.get("/api/tasks?status=failed&exhausted=true&assigned_to=" + bot).json())).containsExactly(id);
        assertThat(api.put("/api/tasks/" + id + "/retry").status()).isEqualTo(409);
    }

    @Test
    void an_expired_task_with_auto_retry_comes_back_to_pending() {
        long id = create("{\"task_name\":\"dies\",\"assigned_to\":\"" + bot("expire") + "\",\"auto_retry\":true,"
                + "\"max_retry\":1,\"timeout_seconds\":1}").get("id").asLong();
        api.put("/api/tasks/" + id + "/start");

        JsonNode back = await(id, Duration.ofSeconds(20), task -> task.get("retry_count").asInt() == 1);

        assertThat(back.get("status").asString()).isEqualTo("pending");
        List<String> actions = new ArrayList<>();
        log(id).forEach(row -> actions.add(row.get("action").asString() + "/" + row.get("operator").asString()));
        assertThat(actions).hasSize(4);
        assertThat(actions.subList(0, 2)).containsExactly("retry/system", "expire/system");
    }

    @Test
    void without_auto_retry_a_failed_task_stays_failed() {
        long id = create("{\"task_name\":\"once\",\"assigned_to\":\"" + bot("manual") + "\",\"timeout_seconds\":60}")
                .get("id").asLong();
        api.put("/api/tasks/" + id + "/start");
        JsonNode failed = api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"no\"}").json();

        assertThat(failed.get("auto_retry").asBoolean()).isFalse();
        assertThat(failed.get("next_retry_time").isNull()).isTrue();
        sleep(Duration.ofMillis(4500));
        assertThat(hasStatus(task(id), "failed")).isTrue();
        assertThat(events(id, "org.opentask.api.TaskRetriedEvent")).isZero();
    }

    @Test
    void cancelling_a_task_that_waits_for_its_retry_removes_the_retry() {
        long id = create("{\"task_name\":\"c\",\"assigned_to\":\"" + bot("cancel") + "\",\"auto_retry\":true}")
                .get("id").asLong();
        api.put("/api/tasks/" + id + "/start");
        api.put("/api/tasks/" + id + "/fail", "{}");
        assertThat(retryOnRow(id)).isEqualTo(1);

        JsonNode cancelled = api.put("/api/tasks/" + id + "/cancel").json();

        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("next_retry_time").isNull()).isTrue();
        assertThat(retryOnRow(id)).isZero();
        sleep(Duration.ofMillis(4500));
        assertThat(hasStatus(task(id), "cancelled")).isTrue();
    }

    @Test
    void the_dead_letter_view_holds_failed_tasks_without_retries_left() {
        String bot = bot("dlq");
        long exhausted = create("{\"task_name\":\"x\",\"assigned_to\":\"" + bot + "\",\"max_retry\":0}").get("id").asLong();
        long retriable = create("{\"task_name\":\"y\",\"assigned_to\":\"" + bot + "\",\"max_retry\":1}").get("id").asLong();
        long done = create("{\"task_name\":\"z\",\"assigned_to\":\"" + bot + "\",\"max_retry\":0}").get("id").asLong();
        for (long id : List.of(exhausted, retriable)) {
            api.put("/api/tasks/" + id + "/start");
            api.put("/api/tasks/" + id + "/fail", "{}");
        }
        api.put("/api/tasks/" + done + "/start");
        api.put("/api/tasks/" + done + "/complete", "{}");

        assertThat(ids(api.get("/api/tasks?status=failed&exhausted=true&assigned_to=" + bot).json()))
                .containsExactly(exhausted);
        assertThat(ids(api.get("/api/tasks?status=failed&exhausted=false&assigned_to=" + bot).json()))
                .containsExactly(retriable);
        assertThat(ids(api.get("/api/tasks?exhausted=true&assigned_to=" + bot).json()))
                .containsExactly(done, exhausted);
        assertThat(ids(api.get("/api/tasks?status=failed&assigned_to=" + bot).json()))
                .containsExactly(retriable, exhausted);
        assertThat(api.get("/api/tasks?exhausted=perhaps").status()).isEqualTo(400);
        assertThat(api.get("/api/tasks?exhausted=true&status=lost").status()).isEqualTo(400);
    }

    private LocalDateTime column(long id, String column) {
        return jdbc.sql("SELECT " + column + " FROM bot_task WHERE id = ?").param(id)
                .query((rs, row) -> rs.getObject(1, LocalDateTime.class)).single();
    }

    private static List<Long> ids(JsonNode tasks) {
        List<Long> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.get("id").asLong()));
        return ids;
    }
}
