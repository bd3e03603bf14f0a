package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The background processors' reader: a processor's looks at the store are an interval apart and take everything
 * stored meanwhile, up to a batch of events or of stored bytes; a processor with a backlog is never paused; and a stream never holds more than
 * one look's events, however far behind its processor is.
 */
class PolledEventSourceTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Serializer SERIALIZER = JacksonSerializer.defaultSerializer();

    /** A reader taking at most {@code batchSize} events a look, and no more than 4 MB of their payloads. */
    private static PolledEventSource source(Store store, Duration interval, int batchSize) {
        return new PolledEventSource(store, SERIALIZER, interval, batchSize, 4L << 20);
    }

    /** A store of numbered events; counts the looks at it and the events any one look took from it. */
    private static final class Store implements EventStorageEngine {
        final List<TrackedEventMessage<?>> events = new CopyOnWriteArrayList<>();
        final AtomicInteger looks = new AtomicInteger();
        final AtomicInteger mostTakenInALook = new AtomicInteger();

        void store(int n) {
            store(n, "event");
        }

        void store(int n, String text) {
            for (int i = 0; i < n; i++) {
                int index = events.size();
                events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                        GenericEventMessage.asEventMessage(text + " " + index)));
            }
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            looks.incrementAndGet();
            int from = token == null ? 0 : (int) ((GlobalSequenceTrackingToken) token).getGlobalIndex() + 1;
            AtomicInteger taken = new AtomicInteger();
            return events.subList(from, events.size()).stream()
                    .peek(event -> mostTakenInALook.accumulateAndGet(taken.incrementAndGet(), Math::max));
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return DomainEventStream.empty();
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.empty();
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }
    }

    /** What a tracking processor does per batch: wait up to a second for a first event, then take while there are more. */
    private static List<Long> batch(BlockingStream<TrackedEventMessage<?>> stream, int size) throws Exception {
        List<Long> taken = new ArrayList<>();
        if (!stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)) {
            return taken;
        }
        do {
            taken.add(((GlobalSequenceTrackingToken) stream.nextAvailable().trackingToken()).getGlobalIndex());
        } while (taken.size() < size && stream.peek().isPresent());
        return taken;
    }

    @Test
    void after_a_look_that_was_not_full_the_next_waits_an_interval_and_takes_everything_stored_meanwhile()
            throws Exception {
        Store store = new Store();
        BlockingStream<TrackedEventMessage<?>> stream = source(store, INTERVAL, 32).openStream(null);
        store.store(1);
        long start = System.nanoTime();
        assertThat(batch(stream, 32)).containsExactly(0L);

        Thread writer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                store.store(1);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        // woken per event, the batch would hold the first of the ten alone: it is there 10 ms before the next
        assertThat(batch(stream, 32)).as("the ten events stored during the pause, in one batch")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        writer.join();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(INTERVAL.toNanos());
        assertThat(store.looks).as("one look per batch").hasValue(2);
    }

    @Test
    void a_processor_with_a_backlog_is_not_paused_and_sees_every_event_once_in_order() throws Exception {
        Store store = new Store();
        BlockingStream<TrackedEventMessage<?>> stream =
                source(store, Duration.ofSeconds(10), 32).openStream(null);
        store.store(100);
        long start = System.nanoTime();
        List<Long> seen = new ArrayList<>();
        for (int size : List.of(32, 32, 32, 4)) {
            List<Long> batch = batch(stream, 32);
            assertThat(batch).hasSize(size);
            seen.addAll(batch);
        }
        assertThat(System.nanoTime() - start).as("no pause of 10 s").isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(seen).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(store.looks).as("one query per full batch, one for the rest").hasValue(4);
    }

    @Test
    void a_stream_holds_at_most_one_look_of_events_however_far_behind_it_is() throws Exception {
        Store store = new Store();
        BlockingStream<TrackedEventMessage<?>> stream = source(store, INTERVAL, 8).openStream(null);
        store.store(1_000);
        int seen = 0;
        while (seen < 1_000) {
            seen += batch(stream, 32).size();
        }
        assertThat(store.mostTakenInALook).as("events taken from the store by one look").hasValue(8);
    }

    @Test
    void a_look_stops_at_the_event_that_brings_its_payloads_to_the_size_bound_and_the_next_follows_at_once()
            throws Exception {
        Store store = new Store();
        // each payload serializes to 1,000 bytes or a few more: the fourth reaches 4,000
        BlockingStream<TrackedEventMessage<?>> stream =
                new PolledEventSource(store, SERIALIZER, Duration.ofSeconds(10), 512, 4_000).openStream(null);
        store.store(40, "x".repeat(996));
        long start = System.nanoTime();
        List<Long> seen = new ArrayList<>();
        while (seen.size() < 40) {
            List<Long> batch = batch(stream, 512);
            assertThat(batch).as("a batch is at most one look").hasSizeLessThanOrEqualTo(4);
            seen.addAll(batch);
        }
        assertThat(store.mostTakenInALook).as("events taken from the store by one look").hasValue(4);
        assertThat(System.nanoTime() - start).as("a look that reached the bound is followed at once, not in 10 s")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(seen).hasSize(40).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_wait_that_ends_before_the_next_look_answers_nothing_yet_and_does_not_read_the_store() throws Exception {
        Store store = new Store();
        BlockingStream<TrackedEventMessage<?>> stream =
                source(store, Duration.ofSeconds(10), 32).openStream(null);
        store.store(1);
        assertThat(batch(stream, 32)).hasSize(1);
        store.store(1);
        long start = System.nanoTime();
        assertThat(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).as("waited its timeout, not the interval")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.peek()).isEmpty();
        assertThat(store.looks).hasValue(1);
    }

    @Test
    void a_stream_opened_at_a_position_starts_after_it() throws Exception {
        Store store = new Store();
        store.store(10);
        BlockingStream<TrackedEventMessage<?>> stream =
                source(store, INTERVAL, 32).openStream(new GlobalSequenceTrackingToken(6));
        assertThat(batch(stream, 32)).containsExactly(7L, 8L, 9L);
    }

    @Test
    void two_processors_at_the_same_position_read_the_store_once_a_look_and_handle_the_same_messages()
            throws Exception {
        Store store = new Store();
        PolledEventSource source = source(store, INTERVAL, 32);
        BlockingStream<TrackedEventMessage<?>> analytics = source.openStream(null);
        BlockingStream<TrackedEventMessage<?>> webhooks = source.openStream(null);
        store.store(40);
        for (int look = 0; look < 2; look++) {
            List<TrackedEventMessage<?>> first = messages(analytics);
            List<TrackedEventMessage<?>> second = messages(webhooks);
            assertThat(second).as("look %d: the same message objects, so deserialized once", look)
                    .hasSameSizeAs(first).usingElementComparator((a, b) -> a == b ? 0 : 1).isEqualTo(first);
        }
        assertThat(store.looks).as("a full look of 32 and the rest of 8, each read once for both").hasValue(2);

        store.store(5);
        assertThat(messages(webhooks)).hasSize(5);
        assertThat(messages(analytics)).hasSize(5);
        assertThat(store.looks).as("the webhooks' look served the analytics too").hasValue(3);
    }

    @Test
    void a_processor_a_few_events_behind_takes_the_rest_of_the_others_look_and_keeps_step_from_then_on()
            throws Exception {
        Store store = new Store();
        PolledEventSource source = source(store, INTERVAL, 32);
        store.store(100);
        BlockingStream<TrackedEventMessage<?>> behind = source.openStream(null);
        BlockingStream<TrackedEventMessage<?>> ahead = source.openStream(new GlobalSequenceTrackingToken(2));
        List<Long> seenBehind = new ArrayList<>();
        List<Long> seenAhead = new ArrayList<>();
        for (int look = 0; look < 4; look++) {
            seenBehind.addAll(batch(behind, 32));
            seenAhead.addAll(batch(ahead, 32));
        }
        assertThat(seenBehind).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(seenAhead).hasSize(97).startsWith(3L).endsWith(99L).isSorted().doesNotHaveDuplicates();
        assertThat(store.looks).as("each stretch of the store read once for both").hasValue(4);
    }

    @Test
    void a_look_taken_elsewhere_is_not_shared_nor_one_that_found_nothing_new_an_interval_ago() throws Exception {
        Store store = new Store();
        PolledEventSource source = source(store, Duration.ofMillis(100), 32);
        store.store(10);
        BlockingStream<TrackedEventMessage<?>> ahead = source.openStream(new GlobalSequenceTrackingToken(4));
        BlockingStream<TrackedEventMessage<?>> behind = source.openStream(null);
        assertThat(batch(ahead, 32)).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(batch(behind, 32)).as("its own look, from its own position").hasSize(10).startsWith(0L);
        assertThat(store.looks).hasValue(2);

        BlockingStream<TrackedEventMessage<?>> caughtUp = source.openStream(new GlobalSequenceTrackingToken(9));
        assertThat(caughtUp.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(store.looks).as("the look just taken says that nothing came after 9: no read").hasValue(2);
        store.store(1);
        Thread.sleep(150);
        BlockingStream<TrackedEventMessage<?>> late = source.openStream(new GlobalSequenceTrackingToken(9));
        assertThat(batch(late, 32)).as("that nothing came after 9 is old news: the store is read again")
                .containsExactly(10L);
        assertThat(store.looks).hasValue(3);
    }

    private static List<TrackedEventMessage<?>> messages(BlockingStream<TrackedEventMessage<?>> stream)
            throws Exception {
        List<TrackedEventMessage<?>> taken = new ArrayList<>();
        if (stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)) {
            do {
                taken.add(stream.nextAvailable());
            } while (taken.size() < 32 && stream.peek().isPresent());
        }
        return taken;
    }
}
