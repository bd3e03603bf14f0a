package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.opentask.api.TaskCancelledEvent;

class TaskCancelledEventUpcasterTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void the_first_shape_becomes_revision_2_with_a_null_reason() {
        IntermediateEventRepresentation upcast = upcast(null,
                "{\"taskId\":7,\"previousStatus\":\"RUNNING\",\"operator\":\"ops\"}");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        JsonNode payload = upcast.getData(JsonNode.class).getData();
        assertThat(payload.has("reason")).isTrue();
        assertThat(payload.get("reason").isNull()).isTrue();
        assertThat(payload.get("operator").asText()).isEqualTo("ops");
    }

    @Test
    void revision_2_is_left_as_it_is() {
        IntermediateEventRepresentation upcast = upcast("2",
                "{\"taskId\":7,\"previousStatus\":\"RUNNING\",\"operator\":\"ops\",\"reason\":\"dup\"}");

        assertThat(upcast.getData(JsonNode.class).getData().get("reason").asText()).isEqualTo("dup");
    }

    private IntermediateEventRepresentation upcast(String revision, String json) {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Task", "7", 3, "event-1",
                Instant.parse("2026-04-24T10:00:00Z"), TaskCancelledEvent.class.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> out = EventUpcasters.chain()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer)))
                .toList();
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
