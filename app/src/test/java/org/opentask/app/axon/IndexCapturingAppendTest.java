package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.app.ApiTest;
import org.opentask.query.AppendedIndexes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** The append hands the indexes the database gave to the command's unit of work, on H2 and on MariaDB. */
class IndexCapturingAppendTest extends ApiTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Test
    void the_indexes_of_a_batch_of_events_are_kept_in_the_unit_of_work() throws Exception {
        String task = Long.toString(Long.MAX_VALUE - System.nanoTime() % 1_000_000);
        List<GenericDomainEventMessage<?>> events = List.of(
                new GenericDomainEventMessage<>("Task", task, 0, new TaskStartedEvent(1L, "b", "b", null)),
                new GenericDomainEventMessage<>("Task", task, 1,
                        new TaskLeaseTimerSetEvent(1L, Instant.parse("2026-11-25T16:00:00Z"), "timer")));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = new IndexCapturingAppend().build(connection, AxonConfiguration.eventSchema(), byte[].class,
                    events, serializer, (ps, index, at) -> ps.setString(index, at.toString()))) {
                statement.executeBatch();
            }
            Map<String, Long> stored = new HashMap<>();
            try (var rows = connection.createStatement().executeQuery(
                    "SELECT event_identifier, global_index FROM domain_event_entry WHERE aggregate_identifier = '"
                            + task + "'")) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
            assertThat(stored).hasSize(2);
            for (GenericDomainEventMessage<?> event : events) {
                assertThat(AppendedIndexes.of(event)).isEqualTo(stored.get(event.getIdentifier()));
            }
            connection.rollback();
        } finally {
            unitOfWork.rollback();
        }
        assertThat(AppendedIndexes.of(events.get(0))).isNull();
    }
}
