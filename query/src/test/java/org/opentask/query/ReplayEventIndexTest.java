package org.opentask.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/**
 * A replay hands each event to the projections at its own global index, which numbers its audit row: a gap-aware
 * token's position is the highest index read so far, not the index of an event that fills an earlier gap.
 */
class ReplayEventIndexTest {

    @Test
    void an_event_that_advances_the_token_is_at_the_token_index() {
        TrackingToken before = GapAwareTrackingToken.newInstance(10, new TreeSet<>(List.of(8L)));
        assertThat(ownIndex(before, GapAwareTrackingToken.newInstance(12, new TreeSet<>(List.of(8L, 11L)))))
                .isEqualTo(12);
        assertThat(ownIndex(null, GapAwareTrackingToken.newInstance(3, new TreeSet<>(List.of(1L)))))
                .isEqualTo(3);
    }

    @Test
    void an_event_that_fills_a_gap_is_at_the_gap() {
        TrackingToken before = GapAwareTrackingToken.newInstance(10, new TreeSet<>(List.of(8L, 9L)));
        assertThat(ownIndex(before, GapAwareTrackingToken.newInstance(10, new TreeSet<>(List.of(8L)))))
                .isEqualTo(9);
    }

    @Test
    void gaps_dropped_as_lost_along_with_a_fill_do_not_count() {
        // Axon drops gaps it finds lost only below the first filled one
        TrackingToken before = GapAwareTrackingToken.newInstance(10, new TreeSet<>(List.of(2L, 3L, 7L)));
        assertThat(ownIndex(before, GapAwareTrackingToken.newInstance(10, new TreeSet<>()))).isEqualTo(7);
    }

    private static long ownIndex(TrackingToken previous, GapAwareTrackingToken current) {
        TrackedEventMessage<?> event = new GenericTrackedDomainEventMessage<>(current,
                new GenericDomainEventMessage<>("Task", "1", 0, "payload"));
        return ReplayHandlers.atOwnIndex(event, previous).trackingToken().position().orElseThrow();
    }
}
