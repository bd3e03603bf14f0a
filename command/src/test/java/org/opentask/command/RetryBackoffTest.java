package org.opentask.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void each_retry_waits_between_half_and_all_of_a_doubling_step() {
        for (long seed = 0; seed < 1000; seed++) {
            for (int n = 1; n <= 5; n++) {
                long step = 10_000L << (n - 1);
                assertThat(backoff.delay(n, seed).toMillis()).isBetween(step / 2, step);
            }
        }
    }

    @Test
    void the_step_stops_growing_at_the_cap() {
        assertThat(backoff.stepMillis(6)).isEqualTo(300_000);
        assertThat(backoff.stepMillis(40)).isEqualTo(300_000);
        assertThat(backoff.stepMillis(Integer.MAX_VALUE)).isEqualTo(300_000);
        assertThat(backoff.delay(100, 1).toMillis()).isBetween(150_000L, 300_000L);
    }

    @Test
    void the_jitter_is_fixed_by_the_seed_and_spreads_tasks_apart() {
        assertThat(backoff.delay(2, 99)).isEqualTo(backoff.delay(2, 99));
        Set<Long> delays = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            delays.add(backoff.delay(1, seed).toMillis());
        }
        assertThat(delays).hasSizeGreaterThan(90);
    }

    @Test
    void delays_must_be_positive_and_the_cap_at_least_the_base() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
