package org.opentask.app.stats;

import java.util.Optional;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.opentask.query.ProcessingGroups;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the task-analytics projection the way Axon replays a tracking processor: stop it, reset its token to
 * the first event (its reset handler empties its tables), start it. Progress is its token's position against the
 * newest event. On several instances, the one that holds the processor's token must do it.
 */
@Component
public class AnalyticsRebuild {

    /** Where the analytics processor stands; {@code position} and {@code head} are global event indexes. */
    public record Progress(boolean running, boolean replaying, long position, long head) {

        public int percent() {
            return head <= 0 ? 100 : (int) Math.min(100, Math.max(0, position * 100 / head));
        }
    }

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    AnalyticsRebuild(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public void start() {
        TrackingEventProcessor processor = processor();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    public Progress progress() {
        TrackingEventProcessor processor = processor();
        long head = Optional.ofNullable(jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry")
                .query(Long.class).single()).orElse(0L);
        EventTrackerStatus status = processor.processingStatus().get(0);
        OptionalLong position = status == null || status.getCurrentPosition() == null
                ? OptionalLong.empty() : status.getCurrentPosition();
        return new Progress(processor.isRunning(), status != null && status.isReplaying(),
                position.orElse(0L), head);
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(ProcessingGroups.TASK_ANALYTICS, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException(
                        "No tracking processor " + ProcessingGroups.TASK_ANALYTICS));
    }
}
