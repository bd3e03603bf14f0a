package org.opentask.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.DateTimeForms;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TaskHistoryApiTest extends ApiTest {

    @Autowired
    ZoneId serverZone;

    @Test
    void a_tasks_events_come_with_type_sequence_time_payload_and_operator() {
        String bot = bot("anna");
        long id = api.createTask(bot, "audited", "P1");
        api.put("/api/tasks/" + id + "/start");
        api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}");

        var answer = api.get("/api/tasks/" + id + "/events");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode events = answer.json();
        // later features may store more events of their own (a lease timer, say): these three are there, in order
        java.util.List<String> types = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("sequence_number").asLong()).isEqualTo(i);
            types.add(events.get(i).get("type").asString());
        }
        assertThat(types).containsSubsequence("TaskCreatedEvent", "TaskStartedEvent", "TaskCompletedEvent");
        JsonNode created = events.get(0);
        JsonNode started = events.get(types.indexOf("TaskStartedEvent"));
        JsonNode completed = events.get(types.indexOf("TaskCompletedEvent"));
        assertThat(created.get("type").asString()).isEqualTo("TaskCreatedEvent");
        assertThat(created.get("payload").get("task_name").asString()).isEqualTo("audited");
        assertThat(created.get("payload").get("priority").asString()).isEqualTo("P1");
        assertThat(created.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(started.get("operator").asString()).isEqualTo(bot);
        assertThat(completed.get("payload").get("result").asString()).isEqualTo("done");
    }

    @Test
    void a_deleted_task_keeps_its_events_readable_and_an_unknown_one_is_404() {
        long id = api.createTask(bot("cc"), "to delete", "P2");
        api.delete("/api/tasks/" + id);

        assertThat(api.get("/api/tasks/" + id).status()).isEqualTo(404);
        var events = api.get("/api/tasks/" + id + "/events");
        assertThat(events.status()).isEqualTo(200);
        JsonNode stream = events.json();
        assertThat(stream.get(stream.size() - 1).get("type").asString()).isEqualTo("TaskDeletedEvent");
        assertThat(api.get("/api/tasks/987654321/events").status()).isEqualTo(404);
    }

    @Test
    void a_task_is_shown_as_it_was_at_any_moment() throws Exception {
        Instant beforeCreation = Instant.now();
        Thread.sleep(30);
        long id = api.createTask(bot("trump"), "time travel", "P2");
        Thread.sleep(30);
        Instant whilePending = Instant.now();
        Thread.sleep(30);
        api.put("/api/tasks/" + id + "/start");
        Thread.sleep(30);
        LocalDateTime whileRunning = LocalDateTime.now(ZoneId.systemDefault());
        Thread.sleep(30);
        api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"boom\"}");
        Thread.sleep(30);
        Instant afterFailing = Instant.now();

        var notYet = at(id, beforeCreation.toString());
        assertThat(notYet.status()).isEqualTo(404);
        assertThat(notYet.detail()).contains("did not exist at");
        assertThat(at(id, whilePending.toString()).json().get("status").asString()).isEqualTo("pending");
        var running = at(id, whileRunning.truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(running.json().get("status").asString()).isEqualTo("running");
        assertThat(running.json().get("started_time").isNull()).isFalse();
        String withOffset = afterFailing.atOffset(ZoneOffset.ofHours(5)).toString();
        var failed = at(id, withOffset);
        assertThat(failed.json().get("status").asString()).isEqualTo("failed");
        assertThat(failed.json().get("error_message").asString()).isEqualTo("boom");
        assertThat(failed.json().toString()).isEqualTo(api.get("/api/tasks/" + id).json().toString());
    }

    @Test
    void a_deleted_task_is_shown_as_it_was_before_its_deletion() throws Exception {
        long id = api.createTask(bot("main"), "short life", "P0");
        Thread.sleep(30);
        Instant alive = Instant.now();
        Thread.sleep(30);
        api.delete("/api/tasks/" + id);

        assertThat(at(id, alive.toString()).json().get("task_name").asString()).isEqualTo("short life");
        assertThat(at(id, Instant.now().toString()).status()).isEqualTo(404);
    }

    @Test
    void a_bad_moment_is_a_400_naming_at() {
        long id = api.createTask(bot("anna"), "bad at", "P2");

        var refused = at(id, "yesterday");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("at");
        assertThat(refused.json().get("field").asString()).isEqualTo("at");
        for (String bad : DateTimeForms.BAD) {
            var answer = at(id, bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("field").asString()).as(bad).isEqualTo("at");
            assertThat(answer.detail()).as(bad).startsWith("at must be");
        }
    }

    @Test
    void every_form_of_a_moment_is_read_as_that_moment() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        long id = api.createTask(bot("forms"), "written many ways", "P2");
        Instant after = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);

        for (String moment : DateTimeForms.of(before, serverZone)) {
            assertThat(at(id, moment).status()).as(moment).isEqualTo(404);
        }
        for (String moment : DateTimeForms.of(after, serverZone)) {
            var answer = at(id, moment);
            assertThat(answer.status()).as(moment).isEqualTo(200);
            assertThat(answer.json().get("task_name").asString()).as(moment).isEqualTo("written many ways");
        }
        // a date alone: its first moment, in the server's time zone; the day the task was created on, not the
        // clock's, which may have passed midnight since
        LocalDate created = LocalDateTime.parse(api.get("/api/tasks/" + id).json().get("created_time").asString())
                .toLocalDate();
        assertThat(at(id, created.toString()).status()).isEqualTo(404);
        assertThat(at(id, created.plusDays(1).toString()).status()).isEqualTo(200);
    }

    private ApiClient.Response at(long id, String moment) {
        return api.get("/api/tasks/" + id + "?at=" + URLEncoder.encode(moment, StandardCharsets.UTF_8));
    }
}
