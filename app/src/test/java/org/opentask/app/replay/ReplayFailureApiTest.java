package org.opentask.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A replay that fails says so in its status, leaves the service answering and the live tables as they were, and
 * deletes its scratch files; the next replay runs. It runs in a context (and database) of its own: the event it
 * cannot read would fail every other test's replay.
 */
@TestPropertySource(properties = {
        "opentask.test.context=replay-failure",
        "opentask.replay.scratch-directory=" + ReplayFailureApiTest.SCRATCH})
class ReplayFailureApiTest extends ApiTest {

    static final String SCRATCH = "target/replay-failure-scratch";

    @Test
    void a_replay_that_fails_reports_it_and_releases_its_scratch_files() throws Exception {
        String bot = bot("failing");
        for (int i = 0; i < 20; i++) {
            long id = api.createTask(bot, "before the failure " + i, "P1");
            api.put("/api/tasks/" + id + "/start");
        }
        ReadModelDump before = ReadModelDump.dump(jdbc);
        long unreadable = storeAnEventNoOneCanRead();

        assertThat(api.post("/api/admin/replay", null).status()).isEqualTo(202);
        JsonNode failed = waitForEnd();

        assertThat(failed.get("state").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).contains("Reading the event store failed");
        assertThat(failed.get("seconds_left").asLong()).isZero();
        assertThat(api.get("/health").status()).isEqualTo(200);
        long during = api.createTask(bot, "after the failure", "P1");
        assertThat(api.get("/api/tasks/" + during).status()).isEqualTo(200);
        try (Stream<Path> left = Files.list(Path.of(SCRATCH))) {
            assertThat(left).as("scratch files left in %s", SCRATCH).isEmpty();
        }
        assertThat(ReadModelDump.dump(jdbc).without(bot, Set.of(during))
                .differenceTo(before.without(bot, Set.of()))).isNull();

        jdbc.sql("DELETE FROM domain_event_entry WHERE global_index = ?").param(unreadable).update();
        assertThat(api.post("/api/admin/replay", null).status()).isEqualTo(202);
        assertThat(waitForEnd().get("state").asString()).isEqualTo("completed");
    }

    /** An event whose payload is not the JSON of its type: whatever reads it fails. Answers its global index. */
    private long storeAnEventNoOneCanRead() {
        jdbc.sql("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                        + " time_stamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, '-17', 0, 'Task', '2026-12-07T10:00:00Z', 'org.opentask.api.TaskCreatedEvent',"
                        + " NULL, ?, ?)")
                .params(UUID.randomUUID().toString(), "{not json".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8))
                .update();
        return jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).single();
    }

    private JsonNode waitForEnd() throws InterruptedException {
        return ReplayStatusPolls.untilEnded(api);
    }
}
