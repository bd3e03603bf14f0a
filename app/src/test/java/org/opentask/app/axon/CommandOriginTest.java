package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;

/** A command's ids go on what it causes, as with Axon's default; an event or a query passes on none. */
class CommandOriginTest {

    private final CommandOrigin origin = new CommandOrigin();

    @Test
    void a_command_passes_on_its_ids_as_axons_default_does() {
        GenericCommandMessage<String> command = new GenericCommandMessage<>("start")
                .andMetaData(Map.of("traceId", "trace-1"));
        Map<String, ?> passedOn = origin.correlationDataFor(command);
        assertThat(passedOn).isEqualTo(new MessageOriginProvider().correlationDataFor(command));
        assertThat(passedOn.get("correlationId")).isEqualTo(command.getIdentifier());
        assertThat(passedOn.get("traceId")).isEqualTo("trace-1");
    }

    @Test
    void an_event_or_a_query_passes_on_nothing() {
        GenericEventMessage<String> event = new GenericEventMessage<>("started", MetaData.with("traceId", "trace-1"));
        assertThat(origin.correlationDataFor(event)).isEmpty();
        assertThat(origin.correlationDataFor(new GenericQueryMessage<>("find", ResponseTypes.instanceOf(String.class))))
                .isEmpty();
    }
}
