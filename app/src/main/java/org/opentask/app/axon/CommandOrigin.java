package org.opentask.app.axon;

import java.util.Map;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;

/**
 * Axon's correlation data ({@code correlationId}, {@code traceId}) for what a command causes, and for nothing else.
 * The events a command applies carry the command's ids, as with Axon's default {@link MessageOriginProvider}. What
 * an event handler creates (Axon wraps every handled event's outcome in a result message; the webhooks ask a
 * query) carries none: nothing here dispatches a message from an event handler, and taking the trace id of a stored
 * event meant deserializing the metadata of every event each background processor handled, 3 % of the service's
 * CPU under load (docs/performance.md).
 */
final class CommandOrigin implements CorrelationDataProvider {

    private final MessageOriginProvider origin = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        return message instanceof CommandMessage<?> ? origin.correlationDataFor(message) : Map.of();
    }
}
