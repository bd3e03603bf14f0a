package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void ids_are_version_7_uuids_carrying_their_millisecond() {
        UUID id = TimeOrderedIdentifierFactory.next(1_795_617_032_780L);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_795_617_032_780L);
        assertThat(UUID.fromString(new TimeOrderedIdentifierFactory().generateIdentifier()).version()).isEqualTo(7);
    }

    @Test
    void ids_of_a_later_millisecond_sort_after_those_of_an_earlier_one() {
        List<String> ids = IntStream.range(0, 100)
                .mapToObj(i -> TimeOrderedIdentifierFactory.next(1_795_617_032_000L + i).toString())
                .toList();
        assertThat(ids).isSorted();
    }

    @Test
    void four_threads_drawing_in_the_same_millisecond_never_collide() {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 4).parallel().forEach(thread -> {
            for (int i = 0; i < 250_000; i++) {
                seen.add(TimeOrderedIdentifierFactory.next(1_795_617_032_780L));
            }
        });
        assertThat(seen).hasSize(1_000_000);
    }
}
