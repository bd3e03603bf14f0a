package org.opentask.app.stats;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.DisposableBean;

/**
 * The event store as the analytics processor reads it: polled every {@code opentask.analytics.poll-interval}
 * rather than woken by every command's commit. Woken per commit, the processor handled one or two events per
 * transaction under load, with a read of the store, a token update and a commit each time: about as many
 * statements per cycle as the commands themselves. Polled, it takes everything stored since the last look in one
 * batch (docs/performance.md). The price is the statistics lagging the commands by up to one interval.
 * <p>
 * Nothing publishes to this reader (commands publish to Axon's own event store), so its producer is never woken
 * early: it reads the storage engine, and when nothing is new it waits one interval.
 */
final class PolledEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, DisposableBean {

    private final EmbeddedEventStore reader;

    PolledEventSource(EventStorageEngine storage, Duration interval) {
        this.reader = EmbeddedEventStore.builder()
                .storageEngine(storage)
                .fetchDelay(interval.toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .cachedEvents(10_000)
                .build();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return reader.openStream(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return reader.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return reader.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(java.time.Instant dateTime) {
        return reader.createTokenAt(dateTime);
    }

    @Override
    public void destroy() {
        reader.shutDown();
    }
}
