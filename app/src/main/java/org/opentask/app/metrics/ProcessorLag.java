package org.opentask.app.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far each streaming (tracking or pooled) event processor this instance runs is behind the event store's head,
 * in events and in seconds (the age of the oldest event it has yet to handle; 0 when it has caught up). Read when
 * Prometheus scrapes: one indexed look at the head, and one more per processor that is behind. A processor whose
 * segments another instance holds is reported by that instance.
 */
record ProcessorLag(EventProcessingConfiguration processing, JdbcClient jdbc, Clock clock) implements MultiCollector {

    private static final Logger log = LoggerFactory.getLogger(ProcessorLag.class);

    @Override
    public List<String> getPrometheusNames() {
        return List.of("opentask_event_processor_lag_events", "opentask_event_processor_lag_seconds");
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder events = GaugeSnapshot.builder().name("opentask_event_processor_lag_events")
                .help("Events stored after the last one the processor handled");
        GaugeSnapshot.Builder seconds = GaugeSnapshot.builder().name("opentask_event_processor_lag_seconds")
                .help("Age of the oldest event the processor has yet to handle (0 when caught up)");
        try {
            Map<String, StreamingEventProcessor> processors = processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(StreamingEventProcessor.class::cast)
                    .collect(java.util.stream.Collectors.toMap(StreamingEventProcessor::getName, p -> p, (a, b) -> a));
            if (processors.isEmpty()) {
                return new MetricSnapshots();
            }
            Long headOrNull = jdbc.sql("SELECT MAX(global_index) FROM domain_event_entry").query(Long.class).single();
            long head = headOrNull == null ? -1 : headOrNull;
            processors.forEach((name, processor) -> {
                OptionalLong position = position(processor);
                if (position.isEmpty() && !processor.processingStatus().isEmpty()) {
                    position = OptionalLong.of(-1);
                }
                if (position.isPresent()) {
                    long behind = Math.max(0, head - position.getAsLong());
                    events.dataPoint(point(behind, name));
                    seconds.dataPoint(point(behind == 0 ? 0 : ageOfEventAfter(position.getAsLong()), name));
                }
            });
        } catch (RuntimeException e) {
            log.debug("Reading the processors' lag failed: {}", e.toString());
        }
        return MetricSnapshots.of(events.build(), seconds.build());
    }

    /** The lowest position among the segments this instance holds; empty when it holds none. */
    private static OptionalLong position(StreamingEventProcessor processor) {
        OptionalLong lowest = OptionalLong.empty();
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            OptionalLong at = status.getCurrentPosition();
            if (at != null && at.isPresent() && (lowest.isEmpty() || at.getAsLong() < lowest.getAsLong())) {
                lowest = at;
            }
        }
        return lowest;
    }

    private double ageOfEventAfter(long position) {
        String stored = jdbc.sql("SELECT time_stamp FROM domain_event_entry WHERE global_index > ?"
                        + " ORDER BY global_index LIMIT 1")
                .params(position).query(String.class).optional().orElse(null);
        if (stored == null) {
            return 0;
        }
        return Math.max(0, Duration.between(Instant.parse(stored), clock.instant()).toMillis() / 1000.0);
    }

    private static GaugeDataPointSnapshot point(double value, String processor) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of("processor", processor)).build();
    }
}
