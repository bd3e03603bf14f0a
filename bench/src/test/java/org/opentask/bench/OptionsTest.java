package org.opentask.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void anArgumentBeatsTheEnvironmentWhichBeatsTheDefault() {
        Options options = new Options(new String[] {"--bots=8", "--tasks=1_000_000"},
                Map.of("BOTS", "64", "DB_USER", "bench"));
        assertThat(options.integer("bots", 32)).isEqualTo(8);
        assertThat(options.number("tasks", 1)).isEqualTo(1_000_000);
        assertThat(options.text("db-user", "root")).isEqualTo("bench");
        assertThat(options.integer("seconds", 30)).isEqualTo(30);
    }

    @Test
    void aMistypedOptionStopsTheRunBeforeItStarts() {
        Options options = new Options(new String[] {"--bost=8"}, Map.of());
        options.integer("bots", 32);
        assertThatThrownBy(options::requireAllUsed).hasMessageContaining("--bost");
    }

    @Test
    void findsTheFirstTaskIdInAnAnswer() {
        assertThat(Service.firstId("[{\"id\":42,\"task_name\":\"x\"},{\"id\":43}]")).isEqualTo(42);
        assertThat(Service.firstId("[]")).isEqualTo(-1);
    }
}
