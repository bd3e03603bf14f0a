package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** An event's time is written as the same text Axon's formatter writes, so stored events read back alike. */
class TaskEventStorageEngineTest {

    @Test
    void an_events_time_is_written_as_axons_formatter_writes_it() {
        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T18:39:01.123456789Z"),
                Instant.parse("2026-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.now()));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            times.add(Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant time : times) {
            assertThat(TaskEventStorageEngine.timestamp(time)).as("%s", time)
                    .isEqualTo(DateTimeUtils.formatInstant(time));
        }
        assertThat(TaskEventStorageEngine.timestamp(Instant.parse("2026-12-07T18:39:01.123456789Z")))
                .isEqualTo("2026-12-07T18:39:01.123Z");
        Instant time = Instant.parse("2026-01-02T03:04:05.006Z");
        assertThat(DateTimeUtils.parseInstant(TaskEventStorageEngine.timestamp(time))).isEqualTo(time);
    }
}
