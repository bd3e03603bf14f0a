package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;

class TaskLifecycleApiTest extends ApiTest {

    @Test
    void a_task_runs_from_create_to_complete_with_an_audit_row_per_step() {
        String bot = bot("anna");
        long id = api.createTask(bot, "write report", "P1");

        var started = api.put("/api/tasks/" + id + "/start");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().get("status").asString()).isEqualTo("running");
        assertThat(started.json().get("started_time").isNull()).isFalse();

        var completed = api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}");
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("completed");
        assertThat(completed.json().get("progress").asInt()).isEqualTo(100);
        assertThat(completed.json().get("result").asString()).isEqualTo("done");

        var log = api.get("/api/logs/" + id).json();
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("action").asString()).isEqualTo("complete");
        assertThat(log.get(1).get("action").asString()).isEqualTo("start");
        assertThat(log.get(2).get("action").asString()).isEqualTo("create");
        assertThat(log.get(1).get("operator").asString()).isEqualTo(bot);
    }

    @Test
    void starting_a_completed_task_is_a_conflict_that_writes_nothing() {
        long id = api.createTask(bot("trump"), "once", "P2");
        api.put("/api/tasks/" + id + "/start");
        api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}");
        long events = count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id);

        var again = api.put("/api/tasks/" + id + "/start");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains("completed");
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", "" + id))
                .isEqualTo(events);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(3);
    }
}
