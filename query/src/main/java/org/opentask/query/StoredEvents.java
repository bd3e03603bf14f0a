package org.opentask.query;

import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The event store as the query side reads it back: upcast to today's event shapes and deserialized. A replay reads
 * the whole store through it, {@link TaskHistory} one task's stream; the service provides it from its own
 * storage engine.
 */
public interface StoredEvents {

    /**
     * Every event after {@code token} (all of them for null), in the order of the store, up to the last one
     * stored now; each carries its position in its tracking token.
     */
    Stream<? extends TrackedEventMessage<?>> readAfter(TrackingToken token);

    /** One task's events, oldest first; empty for an unknown task. Deleted tasks keep theirs. */
    default Stream<? extends DomainEventMessage<?>> readTask(long taskId) {
        return readTask(taskId, 0);
    }

    /** One task's events from sequence number {@code first} on, read a few at a time. */
    Stream<? extends DomainEventMessage<?>> readTask(long taskId, long first);
}
