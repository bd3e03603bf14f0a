package org.opentask.app.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;

/**
 * The event store as the background processors (the analytics, the webhooks) read it: each processor's stream looks
 * at the store at most once an interval, and takes at most {@code batchSize} events and about {@code lookBytes} of
 * stored payload a look.
 * <p>
 * Woken by every command's commit (Axon's {@code EmbeddedEventStore}), a processor handled one or two events per
 * transaction under load, with a read of the store, a token update and a commit each time: about as many statements
 * per cycle as the commands themselves. Polled, it takes everything stored since its last look in one batch
 * (docs/performance.md); the price is that those processors lag the commands by up to one interval.
 * <p>
 * There is no cache of the store between the processors and the head: Axon's reader keeps every event from its
 * slowest follower's position to the head of the store in memory, however many that is, and with events of a
 * megabyte a 512 MiB service seeding large tasks ran out of heap. Here a processor holds at most one look's events,
 * and the reader keeps its last three looks, so the memory the background processors take is bounded by a few
 * looks of {@code lookBytes} (one event more at most each). A look large enough for everything stored in an interval
 * under load makes each processor's transaction, token update and commit one per interval rather than one per 32
 * events (docs/performance.md). A processor behind (a rebuild from the first event) looks again at once while
 * its looks come back full, and meets no pause until it has caught up.
 * <p>
 * The kept looks are shared: a processor at a position one of them holds (where it started, or one of its events)
 * takes the rest of its events instead of reading the store again; an empty rest only within an interval of the
 * look, since that nothing came after a position is news for that long. A processor a few events behind the other
 * so falls into step with it, the store is read once a stretch for both, and each event's payload and metadata are
 * deserialized once for both (the messages are the same objects).
 * <p>
 * It is deliberately not an {@code EventBus} bean: Axon's own event store, to which commands publish, is created
 * only when no such bean exists.
 */
public final class PolledEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private static final int KEPT_LOOKS = 3;

    private final EventStorageEngine storage;
    private final Serializer serializer;
    private final long intervalNanos;
    private final int batchSize;
    private final long lookBytes;
    /** The latest looks, newest first: a processor a look or two behind another finds its next one here. */
    private final ArrayDeque<Look> recent = new ArrayDeque<>(KEPT_LOOKS);

    /**
     * A look takes at most {@code batchSize} events, and stops after the event that brings the stored payloads it
     * took to {@code lookBytes} ({@code serializer}: the store's, which hands over the stored form as it is).
     */
    PolledEventSource(EventStorageEngine storage, Serializer serializer, Duration interval, int batchSize,
                      long lookBytes) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (lookBytes < 1) {
            throw new IllegalArgumentException("lookBytes must be at least 1, was " + lookBytes);
        }
        this.storage = storage;
        this.serializer = serializer;
        this.intervalNanos = interval.toNanos();
        this.batchSize = batchSize;
        this.lookBytes = lookBytes;
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

    /**
     * The events one look took after {@code from}, at most a batch ({@code full} when it took a whole batch: more may
     * be waiting), when it was taken ({@link System#nanoTime()}).
     */
    private record Look(TrackingToken from, List<TrackedEventMessage<?>> events, boolean full, long at) {

        /**
         * What this look holds after {@code position}: all of it from where it started, the rest of it from one of
         * its events; null when it holds nothing for that position, or only the news that a whole batch ends there.
         */
        Look after(TrackingToken position) {
            if (Objects.equals(from, position)) {
                return this;
            }
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).trackingToken().equals(position)) {
                    return i == events.size() - 1 && full
                            ? null : new Look(position, events.subList(i + 1, events.size()), full, at);
                }
            }
            return null;
        }
    }

    /**
     * The events after {@code position}, at most a batch: from a kept look that holds that position (where it
     * started, or one of its events: a processor a few events behind the other takes the rest of the other's look
     * and stands where the other does from then on), otherwise from a new read of the store, kept from then on.
     */
    private Look look(TrackingToken position, long now) {
        synchronized (recent) {
            for (Look shared : recent) {
                Look taken = shared.after(position);
                // events not yet handled are the same however old the look; that nothing came after a position is
                // news for an interval only
                if (taken != null && (!taken.events().isEmpty() || now - shared.at() < intervalNanos)) {
                    return taken;
                }
            }
        }
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        long bytes = 0;
        try (Stream<? extends TrackedEventMessage<?>> stored = storage.readEvents(position, false)) {
            Iterator<? extends TrackedEventMessage<?>> next = stored.iterator();
            while (events.size() < batchSize && bytes < lookBytes && next.hasNext()) {
                TrackedEventMessage<?> event = next.next();
                events.add(event);
                bytes += event.serializePayload(serializer, byte[].class).getData().length;
            }
        }
        Look read = new Look(position, events, events.size() >= batchSize || bytes >= lookBytes, now);
        synchronized (recent) {
            if (recent.size() == KEPT_LOOKS) {
                recent.removeLast();
            }
            recent.addFirst(read);
        }
        return read;
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
            this.looked = new ArrayDeque<>();
        }

        /**
         * The next event of the current look, without looking again: a processor takes its batch while this answers
         * one, so a batch is at most one look, which bounds the memory it holds. The next look is taken when the
         * processor waits for its next batch ({@link #hasNextAvailable}), at once after a full one.
         */
        @Override
        public Optional<TrackedEventMessage<?>> peek() {
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
            Look look = source.look(position, lastLook);
            looked.addAll(look.events());
            lastLookFull = look.full();
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
