package org.opentask.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.opentask.app.TestDatabase;
import org.opentask.query.ProjectionReplay;
import org.opentask.query.ReplayStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The replay's speed, not part of the suite (no timed tests there): stores {@code opentask.replay.benchmark.events}
 * events (default 1,000,000) as raw rows, replays twice (the first builds the tables, on a cold JVM; the second
 * on a warm one) and checks the two results are identical row for row. See docs/replay.md for the command.
 */
class ReplayBenchmark extends ApiTest {

    static final int EVENTS = Integer.getInteger("opentask.replay.benchmark.events", 1_000_000);

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    ProjectionReplay replay;

    @Test
    void replay_speed() {
        long start = System.nanoTime();
        long tasks = new EventSeeder(eventStore, transactionManager, jdbc)
                .seedRaw(EVENTS, bot("bench"), Instant.now().minus(Duration.ofDays(11)), eventSerializer);
        System.out.printf("benchmark: stored %d events of %d tasks as raw rows in %.1f s (%s)%n", EVENTS, tasks,
                (System.nanoTime() - start) / 1e9, TestDatabase.KIND);

        ReplayStatus cold = replay.runToEnd(null);
        print("first replay (cold JVM)", cold);
        ReadModelDump built = ReadModelDump.dump(jdbc);
        ReplayStatus warm = replay.runToEnd(null);
        print("second replay (warm JVM)", warm);

        assertThat(cold.state()).isEqualTo(ReplayStatus.State.COMPLETED);
        assertThat(warm.state()).isEqualTo(ReplayStatus.State.COMPLETED);
        assertThat(ReadModelDump.dump(jdbc).differenceTo(built)).isNull();
        System.out.printf("benchmark: %d task rows, %d audit rows, %d statistics rows identical after the second%n",
                built.tasks().size(), built.log().size(), built.stats().size());
    }

    private static void print(String what, ReplayStatus status) {
        System.out.printf("benchmark: %s: %s, %d events, %.0f events/s (%s)%n", what, status.state(),
                status.eventsDone(), status.ratePerSecond(), TestDatabase.KIND);
    }
}
