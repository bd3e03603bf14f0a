package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * A task that beats often is loaded from its latest snapshot and the few events after it: with no task kept in
 * memory, every command loads it from the store, and still decides as on the whole history.
 */
class SnapshotTest {

    @Test
    void a_task_that_beat_many_times_loads_from_its_snapshot_and_decides_as_before() {
        Map<String, String> database = RunningService.newDatabase();
        database.put("opentask.aggregate-cache", "false");
        database.put("opentask.snapshot-threshold", "5");
        String bot = "beats-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunningService service = RunningService.start(database)) {
            long id = service.api.post("/api/tasks", "{\"task_name\":\"long\",\"assigned_to\":\"" + bot
                    + "\",\"timeout_seconds\":3600}").json().get("id").asLong();
            assertThat(service.api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
            for (int beat = 1; beat <= 23; beat++) {
                ApiClient.Response answer = service.api.put("/api/tasks/" + id + "/heartbeat",
                        "{\"progress\":" + beat + "}");
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                assertThat(answer.json().get("progress").asInt()).isEqualTo(beat);
            }

            long snapshots = service.jdbc().sql("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                    .param(Long.toString(id)).query(Long.class).single();
            long lastSnapshot = service.jdbc().sql("SELECT MAX(sequence_number) FROM snapshot_event_entry"
                    + " WHERE aggregate_identifier = ?").param(Long.toString(id)).query(Long.class).single();
            assertThat(snapshots).as("older snapshots are replaced").isEqualTo(1);
            assertThat(lastSnapshot).as("a snapshot within the last few events").isGreaterThanOrEqualTo(40);

            ApiClient.Response completed = service.api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}");
            assertThat(completed.status()).as(completed.text()).isEqualTo(200);
            JsonNode stored = service.api.get("/api/tasks/" + id).json();
            assertThat(completed.json()).isEqualTo(stored);
            assertThat(stored.get("progress").asInt()).isEqualTo(100);
            assertThat(service.api.put("/api/tasks/" + id + "/heartbeat").status()).isEqualTo(409);
        }
    }
}
