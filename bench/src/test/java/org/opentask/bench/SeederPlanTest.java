package org.opentask.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskUpdatedEvent;

class SeederPlanTest {

    private static Seeder.Plan plan(long tasks, int eventsPerTask, long pending) {
        return new Seeder.Plan(tasks, eventsPerTask, pending, 7, "bench-pending", 1000, 501,
                Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(30));
    }

    @Test
    void globalIndexesFollowEachOtherWithoutGapsOrOverlaps() {
        Seeder.Plan plan = plan(1000, 10, 37);
        long expected = plan.firstGlobalIndex();
        long pending = 0;
        for (long n = 0; n < plan.tasks(); n++) {
            assertThat(plan.firstGlobalIndexOf(n)).as("task %d", n).isEqualTo(expected);
            expected += plan.events(n).size();
            pending += plan.isPending(n) ? 1 : 0;
        }
        assertThat(expected - plan.firstGlobalIndex()).isEqualTo(plan.totalEvents()).isEqualTo(963 * 10 + 37);
        assertThat(pending).isEqualTo(37);
    }

    @Test
    void aFinishedTaskLivesAFullLifeWithinItsRetries() {
        List<Object> events = plan(100, 10, 0).events(5);
        assertThat(events).hasSize(10);
        assertThat(events.get(0)).isInstanceOf(TaskCreatedEvent.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TaskCompletedEvent.class);
        assertThat(events.get(events.size() - 2)).isInstanceOf(TaskUpdatedEvent.class);
        assertThat(events.stream().filter(TaskRetriedEvent.class::isInstance)).hasSize(2);
        assertThat(events.stream().filter(TaskStartedEvent.class::isInstance)).hasSize(3);
        int maxRetry = ((TaskCreatedEvent) events.get(0)).maxRetry();
        assertThat(events.stream().filter(TaskRetriedEvent.class::isInstance)
                .mapToInt(e -> ((TaskRetriedEvent) e).retryCount()).max().orElseThrow()).isLessThanOrEqualTo(maxRetry);

        assertThat(plan(100, 3, 0).events(5)).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("TaskCreatedEvent", "TaskStartedEvent", "TaskCompletedEvent");
    }

    @Test
    void pendingTasksBelongToTheOneBotAndHaveOneEvent() {
        Seeder.Plan plan = plan(100, 10, 10);
        assertThat(plan.isPending(9)).isTrue();
        assertThat(plan.events(9)).singleElement()
                .satisfies(e -> assertThat(((TaskCreatedEvent) e).assignedTo()).isEqualTo("bench-pending"));
        assertThat(((TaskCreatedEvent) plan.events(8).get(0)).assignedTo()).startsWith("seed-bot-");
    }

    @Test
    void refusesAHistoryShorterThanOneCycle() {
        assertThatThrownBy(() -> plan(10, 2, 0)).hasMessageContaining("events-per-task");
    }
}
