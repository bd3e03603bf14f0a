package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * TaskCancelledEvent gained {@code reason} in revision 2. An event stored in the first shape (no revision, no
 * reason), as a raw row the way the service stored it then, still loads into the Task and replays into the tables.
 */
class SchemaEvolutionApiTest extends ApiTest {

    @Test
    void a_cancel_stored_in_the_old_shape_loads_in_the_task_and_replays_into_the_tables() {
        long id = api.createTask(bot("anna"), "cancelled long ago", "P1");
        storeOldCancel(id, "old-ops");

        // the Task folds the old event: it is cancelled, so it cannot start
        var start = api.put("/api/tasks/" + id + "/start");
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.detail()).contains("cancelled");
        // the raw audit shows it in today's shape
        JsonNode cancel = api.get("/api/tasks/" + id + "/events").json().get(1);
        assertThat(cancel.get("type").asString()).isEqualTo("TaskCancelledEvent");
        assertThat(cancel.get("operator").asString()).isEqualTo("old-ops");
        assertThat(cancel.get("payload").has("reason")).isTrue();
        assertThat(cancel.get("payload").get("reason").isNull()).isTrue();
        // the live tables never saw the raw row; a replay takes it in
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("pending");

        assertThat(api.post("/api/admin/replay", null).status()).isEqualTo(202);
        waitForReplay();

        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("cancelled");
        JsonNode log = api.get("/api/logs/" + id).json();
        assertThat(log.get(0).get("action").asString()).isEqualTo("cancel");
        assertThat(log.get(0).get("operator").asString()).isEqualTo("old-ops");
        assertThat(log.get(0).get("message").asString()).isEqualTo("cancelled while pending");
    }

    @Test
    void a_cancel_today_is_stored_as_revision_2_with_its_reason() {
        long id = api.createTask(bot("cc"), "cancelled now", "P2");

        var cancelled = api.put("/api/tasks/" + id + "/cancel", "{\"reason\":\"duplicate of 12\"}");

        assertThat(cancelled.status()).isEqualTo(200);
        Map<String, Object> row = jdbc.sql("SELECT payload_revision, payload FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND sequence_number = 1")
                .param(Long.toString(id)).query().singleRow();
        assertThat(row.get("payload_revision")).isEqualTo("2");
        assertThat(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8))
                .contains("\"reason\":\"duplicate of 12\"");
        assertThat(api.get("/api/logs/" + id).json().get(0).get("message").asString())
                .isEqualTo("cancelled while pending: duplicate of 12");
    }

    @Test
    void a_cancel_without_a_body_still_works_and_a_blank_reason_is_refused() {
        long id = api.createTask(bot("main"), "no reason", "P2");
        assertThat(api.put("/api/tasks/" + id + "/cancel", "{\"reason\":\"  \"}").status()).isEqualTo(400);
        assertThat(api.put("/api/tasks/" + id + "/cancel").status()).isEqualTo(200);
    }

    /** The row the service wrote for a cancel before revision 2: no revision, a payload without reason. */
    private void storeOldCancel(long id, String operator) {
        Map<String, Object> created = jdbc.sql("SELECT time_stamp, meta_data FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(Long.toString(id)).query().singleRow();
        String payload = "{\"taskId\":" + id + ",\"previousStatus\":\"PENDING\",\"operator\":\"" + operator + "\"}";
        jdbc.sql("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                        + " time_stamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, ?, 1, 'Task', ?, 'org.opentask.api.TaskCancelledEvent', NULL, ?, ?)")
                .params(UUID.randomUUID().toString(), Long.toString(id), created.get("time_stamp"),
                        payload.getBytes(StandardCharsets.UTF_8), created.get("meta_data"))
                .update();
    }

    private void waitForReplay() {
        long deadline = System.currentTimeMillis() + 300_000;
        while (api.get("/api/admin/replay").json().get("state").asString().equals("running")
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(api.get("/api/admin/replay").json().get("state").asString()).isEqualTo("completed");
    }
}
