package org.opentask.app.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A task's event stream as the event store holds it: the raw audit, read straight from the store. */
@Component
class TaskEvents {

    /** One stored event: its type, its sequence number in the task's stream, when, who, and its payload. */
    record StoredEvent(long sequence, String type, Instant time, String operator, String payload) {
    }

    private final EventStore eventStore;
    private final JsonMapper json;

    TaskEvents(EventStore eventStore, JsonMapper json) {
        this.eventStore = eventStore;
        this.json = json;
    }

    /** Oldest first; empty for a task that never existed. */
    List<StoredEvent> of(long taskId) {
        List<StoredEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(Long.toString(taskId));
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            JsonNode payload = json.valueToTree(event.getPayload());
            JsonNode operator = payload.path("operator");
            events.add(new StoredEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                    event.getTimestamp(), operator.isString() ? operator.asString() : null,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(payload)));
        }
        return events;
    }
}
