package org.opentask.app.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.opentask.api.TaskStatus;
import org.opentask.app.ApiTest;
import org.opentask.app.StoredTaskEvents;
import org.opentask.app.task.TaskIdAllocator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A rebuild of the analytics from the first event gives the same numbers. It runs in a context (and database)
 * of its own, so that it replays its own few events and not what the other tests stored.
 */
@TestPropertySource(properties = "opentask.test.context=analytics-rebuild")
class AnalyticsRebuildApiTest extends ApiTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    TaskIdAllocator ids;

    @Autowired
    ZoneId zone;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void a_rebuild_from_the_first_event_gives_the_same_numbers() throws Exception {
        StoredTaskEvents history = new StoredTaskEvents(eventStore, ids);
        String bot = bot("rebuilt");
        history.task(bot).created(t(8, 0, 0)).started(t(8, 0, 42)).completed(t(8, 3, 0));
        history.task(bot).created(t(9, 0, 0)).started(t(9, 1, 0)).failed(t(9, 2, 0))
                .retried(t(9, 5, 0)).cancelled(t(9, 6, 0), TaskStatus.PENDING);
        JsonNode before = AnalyticsRows.await(api, "2026-03-09", bot, 2);
        long rowsBefore = count("SELECT COUNT(*) FROM task_analytics_event");

        TrackingEventProcessor processor = processing.eventProcessor("task-analytics",
                TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens(); // the reset handler empties the projection's tables, and only those
        assertThat(count("SELECT COUNT(*) FROM task_analytics_event")).isZero();
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(2);
        processor.start();

        for (int i = 0; i < 600 && count("SELECT COUNT(*) FROM task_analytics_event") < rowsBefore; i++) {
            Thread.sleep(100);
        }
        assertThat(AnalyticsRows.await(api, "2026-03-09", bot, 2)).isEqualTo(before);
        assertThat(before.get("queue_wait_p95_ms").asLong()).isEqualTo(60_000); // waits 42 s and 60 s
        assertThat(before.get("run_time_avg_ms").asDouble()).isEqualTo(99_000.0); // runs 138 s and 60 s
        assertThat(before.get("retried").asLong()).isEqualTo(1);
        assertThat(before.get("cancelled").asLong()).isEqualTo(1);
    }

    /** 2026-03-09 at the given time, in the server's zone. */
    private Instant t(int hour, int minute, int second) {
        return LocalDateTime.of(2026, 3, 9, hour, minute, second).atZone(zone).toInstant();
    }
}
