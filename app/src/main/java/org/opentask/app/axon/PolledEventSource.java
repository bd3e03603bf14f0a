package org.opentask.app.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the background processors (the analytics, the webhooks) read it: each processor's stream looks
 * at the store at most once an interval, and takes at most {@code batchSize} events a look, in one query.
 * <p>
 * Woken by every command's commit (Axon's {@code EmbeddedEventStore}), a processor handled one or two events per
 * transaction under load, with a read of the store, a token update and a commit each time: about as many statements
 * per cycle as the commands themselves. Polled, it takes everything stored since its last look in one batch
 * (docs/performance.md); the price is that those processors lag the commands by up to one interval.
 * <p>
 * There is no cache shared between processors: Axon's reader keeps every event from its slowest follower's position
 * to the head of the store in memory, however many that is, and with events of a megabyte a 512 MiB service seeding
 * large tasks ran out of heap. Here a processor holds at most one look's events, so the memory the background
 * processors take is bounded by {@code batchSize} events each. A processor behind (a rebuild from the first event)
 * looks again at once while its looks come back full, and meets no pause until it has caught up.
 * <p>
 * The latest look is shared: a processor at the position another one looked from, less than an interval ago, takes
 * that look's events instead of reading the store again. Caught up, the two processors stand at the same position
 * after every look, so the store is read once a look for both, and each event's payload and metadata are
 * deserialized once for both (the messages are the same objects). The shared look holds at most {@code batchSize}
 * events, and a processor served from it lags the store by at most an interval, as with a look of its own.
 * <p>
 * It is deliberately not an {@code EventBus} bean: Axon's own event store, to which commands publish, is created
 * only when no such bean exists.
 */
public final class PolledEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStorageEngine storage;
    private final long intervalNanos;
    private final int batchSize;
    private final AtomicReference<Look> latest = new AtomicReference<>();

    PolledEventSource(EventStorageEngine storage, Duration interval, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.storage = storage;
        this.intervalNanos = interval.toNanos();
        this.batchSize = batchSize;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new PolledStream(this, trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }

    /** The events one look took from {@code from} on, when it was taken ({@link System#nanoTime()}). */
    private record Look(TrackingToken from, List<TrackedEventMessage<?>> events, long at) {
    }

    /**
     * The events after {@code position}, at most a batch: the latest look's when it was taken from there less than
     * an interval before {@code now}, otherwise a new read of the store, shared from then on.
     */
    private List<TrackedEventMessage<?>> look(TrackingToken position, long now) {
        Look shared = latest.get();
        if (shared != null && now - shared.at() < intervalNanos && Objects.equals(shared.from(), position)) {
            return shared.events();
        }
        List<TrackedEventMessage<?>> events;
        try (Stream<? extends TrackedEventMessage<?>> stored = storage.readEvents(position, false)) {
            events = stored.limit(batchSize).<TrackedEventMessage<?>>map(event -> event).toList();
        }
        latest.set(new Look(position, events, now));
        return events;
    }

    /**
     * One processor's stream. Its looks at the store are {@code intervalNanos} apart, unless the last one came back
     * full (more is waiting); it holds at most one look's events. Used by its processor's thread alone.
     */
    static final class PolledStream implements BlockingStream<TrackedEventMessage<?>> {

        private final PolledEventSource source;
        private final long intervalNanos;
        private final ArrayDeque<TrackedEventMessage<?>> looked;
        private TrackingToken position;
        private long lastLook;
        private boolean lastLookFull = true;

        PolledStream(PolledEventSource source, TrackingToken from) {
            this.source = source;
            this.position = from;
            this.intervalNanos = source.intervalNanos;
            this.looked = new ArrayDeque<>(source.batchSize);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            if (looked.isEmpty() && lastLookFull) {
                look();
            }
            return Optional.ofNullable(looked.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (looked.isEmpty()) {
                long next = lastLookFull ? System.nanoTime() : lastLook + intervalNanos;
                long pause = next - System.nanoTime();
                if (next - deadline > 0) {
                    long toDeadline = deadline - System.nanoTime();
                    if (toDeadline > 0) {
                        TimeUnit.NANOSECONDS.sleep(toDeadline);
                    }
                    return false;
                }
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
                look();
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // wait for the next event, however long
            }
            return looked.poll();
        }

        private void look() {
            lastLook = System.nanoTime();
            looked.addAll(source.look(position, lastLook));
            lastLookFull = looked.size() >= source.batchSize;
            if (!looked.isEmpty()) {
                position = looked.peekLast().trackingToken();
            }
        }

        @Override
        public void close() {
            looked.clear();
        }
    }
}
