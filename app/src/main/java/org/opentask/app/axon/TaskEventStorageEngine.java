package org.opentask.app.axon;

import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC engine, minus a query it makes each time a task is loaded to decide a command: no second, empty read
 * of the task's events. The engine reads a task's events in ranges of sequence numbers and by default reads ranges
 * until one comes back empty, to step over holes in the numbers. An aggregate's sequence numbers have no holes, so
 * a range with fewer rows than its size is the last (docs/performance.md).
 */
final class TaskEventStorageEngine extends JdbcEventStorageEngine {

    TaskEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }
}
