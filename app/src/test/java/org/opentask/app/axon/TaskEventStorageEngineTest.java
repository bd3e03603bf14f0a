package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/**
 * An event's time is written as the same text Axon's formatter writes, so stored events read back alike, and read
 * back as Axon's parser reads it.
 */
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

    @Test
    void an_events_time_is_read_as_axons_parser_reads_it() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> texts = new ArrayList<>(List.of("1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
                "9999-12-31T23:59:59.999Z", "2026-12-07T18:39:01.123Z"));
        for (int i = 0; i < 100_000; i++) {
            texts.add(DateTimeUtils.formatInstant(Instant.ofEpochSecond(
                    random.nextLong(0, 253_402_300_800L), random.nextInt(1_000_000_000))));
        }
        // not the text written here: Axon's own parser reads them, with its answer or its refusal
        texts.addAll(List.of("2026-12-07T18:39:01Z", "2026-12-07T18:39:01.123456789Z", "2026-12-07T19:39:01.123+01:00",
                "2026-12-07T18:39:01.1Z"));
        for (String text : texts) {
            assertThat(TaskEventStorageEngine.instant(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
        for (String refused : List.of("2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-12-07T24:00:00.000Z",
                "2026-12-07T18:60:00.000Z", "2026-12-07T18:39:60.000Z", "2026-12-0xT18:39:01.123Z", "not a time")) {
            assertThatThrownBy(() -> TaskEventStorageEngine.instant(refused)).as(refused)
                    .isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> DateTimeUtils.parseInstant(refused)).as(refused)
                    .isInstanceOf(DateTimeException.class);
        }
    }
}
