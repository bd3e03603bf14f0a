package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.opentask.app.ApiClient;
import tools.jackson.databind.JsonNode;

class LeaseApiTest extends TimerApiTest {

    @Test
    void a_lease_that_runs_out_fails_the_task_with_an_expire_row_by_the_system() {
        String bot = bot("lease");
        long id = create("{\"task_name\":\"dies\",\"assigned_to\":\"" + bot + "\",\"timeout_seconds\":1}")
                .get("id").asLong();

        JsonNode started = api.put("/api/tasks/" + id + "/start").json();
        assertThat(started.get("timeout_seconds").asInt()).isEqualTo(1);
        assertThat(time(started.get("lease_expires_time")))
                .isEqualTo(time(started.get("started_time")).plusSeconds(1));

        JsonNode failed = await(id, Duration.ofSeconds(15), task -> hasStatus(task, "failed"));
        assertThat(failed.get("error_message").asString())
                .isEqualTo("Lease expired: no heartbeat or progress from " + bot
                        + " within 1 seconds; the engine failed the task");
        assertThat(failed.get("lease_expires_time").isNull()).isTrue();
        assertThat(failed.get("completed_time").isNull()).isFalse();

        JsonNode expire = log(id).get(0);
        assertThat(expire.get("action").asString()).isEqualTo("expire");
        assertThat(expire.get("operator").asString()).isEqualTo("system");
        assertThat(expire.get("old_status").asString()).isEqualTo("running");
        assertThat(expire.get("new_status").asString()).isEqualTo("failed");
        assertThat(time(expire.get("created_time"))).isAfterOrEqualTo(time(started.get("lease_expires_time")));
        assertThat(events(id, "org.opentask.api.TaskLeaseExpiredEvent")).isEqualTo(1);
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"late\"}").status()).isEqualTo(409);
    }

    @Test
    void heartbeats_keep_a_task_alive_past_its_timeout_without_audit_rows() {
        long id = create("{\"task_name\":\"long job\",\"assigned_to\":\"" + bot("beat") + "\",\"timeout_seconds\":3}")
                .get("id").asLong();
        JsonNode started = api.put("/api/tasks/" + id + "/start").json();
        LocalDateTime firstEnd = time(started.get("lease_expires_time"));

        List<LocalDateTime> ends = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < until) {
            ApiClient.Response beat = api.put("/api/tasks/" + id + "/heartbeat");
            assertThat(beat.status()).as(beat.text()).isEqualTo(200);
            assertThat(beat.json().get("status").asString()).isEqualTo("running");
            ends.add(time(beat.json().get("lease_expires_time")));
            sleep(Duration.ofMillis(500));
        }

        // eight seconds on a three-second lease: still running, its end moved with every heartbeat
        assertThat(hasStatus(task(id), "running")).isTrue();
        assertThat(ends).isSorted();
        assertThat(ends.get(ends.size() - 1)).isAfter(firstEnd.plusSeconds(4));
        assertThat(log(id)).hasSize(2);

        // then silence: the lease runs out three seconds after the last heartbeat
        JsonNode failed = await(id, Duration.ofSeconds(15), task -> hasStatus(task, "failed"));
        assertThat(failed.get("error_message").asString()).startsWith("Lease expired");
        assertThat(time(log(id).get(0).get("created_time"))).isAfterOrEqualTo(ends.get(ends.size() - 1));
    }

    @Test
    void a_heartbeat_with_progress_records_it_once_as_an_edit() {
        long id = create("{\"task_name\":\"p\",\"assigned_to\":\"" + bot("progress") + "\",\"timeout_seconds\":60}")
                .get("id").asLong();
        api.put("/api/tasks/" + id + "/start");

        ApiClient.Response beat = api.put("/api/tasks/" + id + "/heartbeat", "{\"progress\":40}");
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.json().get("progress").asInt()).isEqualTo(40);
        api.put("/api/tasks/" + id + "/heartbeat", "{\"progress\":40}");
        api.put("/api/tasks/" + id + "/heartbeat", "{}");

        JsonNode log = log(id);
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("action").asString()).isEqualTo("update");
        assertThat(log.get(0).get("message").asString()).isEqualTo("updated progress=40");
    }

    @Test
    void a_progress_update_extends_the_lease_too() {
        long id = create("{\"task_name\":\"p\",\"assigned_to\":\"" + bot("edit") + "\",\"timeout_seconds\":4}")
                .get("id").asLong();
        JsonNode started = api.put("/api/tasks/" + id + "/start").json();
        Instant startAnswered = Instant.now();
        sleep(Duration.ofMillis(2500));

        Instant updateSent = Instant.now();
        JsonNode updated = api.put("/api/tasks/" + id, "{\"progress\":10}").json();
        assertThat(time(updated.get("lease_expires_time")))
                .isAfterOrEqualTo(time(started.get("lease_expires_time")).plusSeconds(2));

        // one second past the first end (which is before startAnswered + 4 s), before the new one (after updateSent + 4 s)
        sleep(Duration.between(Instant.now(), startAnswered.plusSeconds(5)));
        String status = task(id).get("status").asString();
        assertThat(Instant.now()).as("checked before the extended end").isBefore(updateSent.plusSeconds(4));
        assertThat(status).isEqualTo("running");
        await(id, Duration.ofSeconds(15), task -> hasStatus(task, "failed"));
    }

    @Test
    void a_finished_tasks_lease_is_gone_and_never_ends_it() {
        String bot = bot("done");
        List<Long> ids = new ArrayList<>();
        for (String end : List.of("complete", "fail", "cancel")) {
            long id = create("{\"task_name\":\"" + end + "\",\"assigned_to\":\"" + bot + "\",\"timeout_seconds\":3}")
                    .get("id").asLong();
            api.put("/api/tasks/" + id + "/start");
            assertThat(leaseOnRow(id)).isEqualTo(1);

            ApiClient.Response ended = api.put("/api/tasks/" + id + "/" + end, "{}");
            assertThat(ended.status()).as(ended.text()).isEqualTo(200);
            assertThat(ended.json().get("lease_expires_time").isNull()).isTrue();
            assertThat(leaseOnRow(id)).as("the lease goes with the " + end).isZero();
            ids.add(id);
        }

        sleep(Duration.ofSeconds(4));

        for (long id : ids) {
            assertThat(events(id, "org.opentask.api.TaskLeaseExpiredEvent")).isZero();
            assertThat(log(id).get(0).get("action").asString()).isNotEqualTo("expire");
        }
        assertThat(task(ids.get(0)).get("status").asString()).isEqualTo("completed");
    }

    @Autowired
    ApplicationContext context;

    @Test
    void an_ended_lease_fails_its_task_once_however_often_the_sweep_comes() {
        long id = create("{\"task_name\":\"once\",\"assigned_to\":\"" + bot("once") + "\",\"timeout_seconds\":1}")
                .get("id").asLong();
        api.put("/api/tasks/" + id + "/start");
        await(id, Duration.ofSeconds(10), task -> hasStatus(task, "failed"));

        LeaseSweep sweep = context.getBean(LeaseSweep.class);
        for (int again = 0; again < 3; again++) {
            assertThat(sweep.sweep()).as("nothing is due any more").isZero();
        }

        assertThat(events(id, "org.opentask.api.TaskLeaseExpiredEvent")).isEqualTo(1);
        assertThat(leaseOnRow(id)).isZero();
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"late\"}").status()).isEqualTo(409);
    }

    @Test
    void a_heartbeat_for_a_task_that_is_not_running_is_a_conflict() {
        long id = create("{\"task_name\":\"p\",\"assigned_to\":\"" + bot("idle") + "\"}").get("id").asLong();

        ApiClient.Response beat = api.put("/api/tasks/" + id + "/heartbeat");

        assertThat(beat.status()).isEqualTo(409);
        assertThat(beat.detail()).isEqualTo("Task " + id + " is pending: cannot heartbeat it");
        assertThat(beat.json().get("current_status").asString()).isEqualTo("pending");
        assertThat(events(id, "org.opentask.api.TaskLeaseExtendedEvent")).isZero();
    }

    @Test
    void a_heartbeat_names_what_is_wrong() {
        long id = create("{\"task_name\":\"p\",\"assigned_to\":\"" + bot("bad") + "\"}").get("id").asLong();
        api.put("/api/tasks/" + id + "/start");

        ApiClient.Response tooFar = api.put("/api/tasks/" + id + "/heartbeat", "{\"progress\":101}");
        assertThat(tooFar.status()).isEqualTo(400);
        assertThat(tooFar.json().get("field").asString()).isEqualTo("progress");
        assertThat(api.put("/api/tasks/" + id + "/heartbeat", "{\"progress\":\"lots\"}").status()).isEqualTo(400);
        assertThat(api.put("/api/tasks/" + id + "/heartbeat", "{progress").status()).isEqualTo(400);
        assertThat(api.put("/api/tasks/abc/heartbeat").status()).isEqualTo(400);
        assertThat(api.put("/api/tasks/999999999/heartbeat").status()).isEqualTo(404);
        assertThat(task(id).get("progress").asInt()).isZero();
    }

    @Test
    void the_create_call_names_a_bad_timeout() {
        String bot = bot("timeout");
        for (String value : List.of("-1", "604801", "\"soon\"")) {
            ApiClient.Response response = api.post("/api/tasks",
                    "{\"task_name\":\"t\",\"assigned_to\":\"" + bot + "\",\"timeout_seconds\":" + value + "}");
            assertThat(response.status()).as(value).isEqualTo(400);
            assertThat(response.detail()).as(value).contains("timeout_seconds");
        }
        assertThat(api.post("/api/tasks",
                "{\"task_name\":\"t\",\"assigned_to\":\"" + bot + "\",\"auto_retry\":\"maybe\"}").status())
                .isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isZero();
    }

    @Test
    void the_contract_flow_works_unchanged_under_the_default_lease() {
        String bot = bot("anna");
        JsonNode created = create("{\"task_name\":\"write report\",\"assigned_to\":\"" + bot + "\"}");
        assertThat(created.get("timeout_seconds").asInt()).isEqualTo(1800);
        assertThat(created.get("auto_retry").asBoolean()).isFalse();
        assertThat(created.get("not_before").isNull()).isTrue();
        assertThat(created.get("lease_expires_time").isNull()).isTrue();
        assertThat(created.get("next_retry_time").isNull()).isTrue();

        JsonNode pending = api.get("/api/tasks/pending?assigned_to=" + bot).json();
        long id = pending.get(0).get("id").asLong();
        JsonNode started = api.put("/api/tasks/" + id + "/start").json();
        assertThat(time(started.get("lease_expires_time")))
                .isEqualTo(time(started.get("started_time")).plusMinutes(30));
        assertThat(leaseOnRow(id)).isEqualTo(1);

        var completed = api.send(api.request("/api/tasks/" + id + "/complete")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"result\":\"done\"}")));

        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("completed");
        assertThat(completed.json().get("result").asString()).isEqualTo("done");
        assertThat(leaseOnRow(id)).isZero();
        assertThat(log(id)).hasSize(3);
    }
}
