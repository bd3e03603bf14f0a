package org.opentask.app.axon;

import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC engine, minus two queries it makes each time a task is loaded to decide a command:
 * <ul>
 * <li>no snapshot lookup: tasks live a handful of events and no snapshotter is configured, so the
 * {@code snapshot_event_entry} table is always empty;</li>
 * <li>no second, empty read of the task's events: the engine reads a task's events in ranges of sequence numbers
 * and by default reads ranges until one comes back empty, to step over holes in the numbers. An aggregate's
 * sequence numbers have no holes, so a range with fewer rows than its size is the last.</li>
 * </ul>
 * On MariaDB those were two of the three statements of each load (docs/performance.md). Configure a snapshotter
 * only together with removing the first override.
 */
final class TaskEventStorageEngine extends JdbcEventStorageEngine {

    TaskEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return Stream.empty();
    }

    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }
}
