package org.opentask.query;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.FindTaskAtQuery;
import org.opentask.api.FindTaskEventsQuery;
import org.opentask.api.TaskEvent;
import org.opentask.api.TaskEventPage;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * A task's past, read from the event store rather than from the read models: its raw events, and the task as it
 * was at a given moment. This is the one reader of a task's event stream: the API's {@code /api/tasks/{id}/events}
 * and the console's event stream both ask it. The task as it was runs the {@code bot_task} projection's own
 * handlers over the task's events up to that moment, in a private in-memory database, in a transaction that is
 * rolled back: the same code that built the row in {@code bot_task} builds the row as it was.
 */
@Component
class TaskHistory {

    private final StoredEvents storedEvents;
    private final ZoneId zone;
    private volatile ScratchDatabase scratch;

    TaskHistory(StoredEvents storedEvents, ZoneId serverZone) {
        this.storedEvents = storedEvents;
        this.zone = serverZone;
    }

    @QueryHandler
    TaskEventPage handle(FindTaskEventsQuery query) {
        List<TaskEvent> page = new ArrayList<>();
        long chars = 0;
        try (Stream<? extends DomainEventMessage<?>> events = storedEvents.readTask(query.taskId(), query.after() + 1)) {
            Iterator<? extends DomainEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                DomainEventMessage<?> event = iterator.next();
                long size = textChars(event.getPayload());
                if (page.size() == query.limit() || !page.isEmpty() && chars + size > TaskLimits.PAGE_TEXT_CHARS) {
                    return new TaskEventPage(page, page.get(page.size() - 1).sequenceNumber());
                }
                chars += size;
                page.add(new TaskEvent(event.getPayloadType().getSimpleName(),
                        event.getSequenceNumber(),
                        LocalDateTime.ofInstant(event.getTimestamp().truncatedTo(ChronoUnit.MILLIS), zone),
                        event.getPayload(), operator(event.getPayload())));
            }
        }
        return new TaskEventPage(page, null);
    }

    /** The text an event holds: the lengths of its string fields, which is where a large event is large. */
    private static long textChars(Object payload) {
        long chars = 256;
        if (payload instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getType() == String.class) {
                    try {
                        Object value = component.getAccessor().invoke(record);
                        chars += value == null ? 0 : ((String) value).length();
                    } catch (ReflectiveOperationException e) {
                        chars += 1024;
                    }
                }
            }
        }
        return chars;
    }

    @QueryHandler
    Optional<TaskView> handle(FindTaskAtQuery query) throws Exception {
        try (Stream<? extends DomainEventMessage<?>> events = storedEvents.readTask(query.taskId());
             Connection connection = scratch().connect()) {
            connection.setAutoCommit(false);
            try {
                BotTaskTable table = new BotTaskTable(
                        JdbcClient.create(new SingleConnectionDataSource(connection, true)), DatabaseDialect.H2);
                BotTaskProjection projection = new BotTaskProjection(table, zone);
                EventMessageHandler handlers = new AnnotationEventHandlerAdapter(projection,
                        ClasspathParameterResolverFactory.forClass(BotTaskProjection.class),
                        new AnnotatedMessageHandlingMemberDefinition());
                for (DomainEventMessage<?> event : events.toList()) {
                    if (event.getTimestamp().truncatedTo(ChronoUnit.MILLIS).isAfter(query.at())) {
                        break;
                    }
                    handlers.handle(event);
                }
                return table.find(query.taskId());
            } finally {
                connection.rollback();
            }
        }
    }

    private ScratchDatabase scratch() {
        ScratchDatabase database = scratch;
        if (database == null) {
            synchronized (this) {
                if (scratch == null) {
                    scratch = ScratchDatabase.inMemory("history");
                }
                database = scratch;
            }
        }
        return database;
    }

    /** Every task event names who caused it in its {@code operator} component. */
    private static String operator(Object payload) {
        if (payload != null && payload.getClass().isRecord()) {
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                if (component.getName().equals("operator") && component.getType() == String.class) {
                    try {
                        return (String) component.getAccessor().invoke(payload);
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
