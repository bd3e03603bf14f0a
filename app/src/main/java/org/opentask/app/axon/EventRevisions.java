package org.opentask.app.axon;

import java.util.Map;

import org.axonframework.serialization.RevisionResolver;
import org.opentask.api.TaskCancelledEvent;

/**
 * The revision of each event shape that has changed since events were first stored; an event class not named here
 * is at its first shape (no revision). Axon's {@code @Revision} would say the same on the event, but the api module
 * depends on no serializer. Each revision here has an upcaster from the one before in {@link EventUpcasters}.
 */
final class EventRevisions implements RevisionResolver {

    private static final Map<Class<?>, String> REVISIONS = Map.of(
            TaskCancelledEvent.class, TaskCancelledEventUpcaster.REVISION);

    @Override
    public String revisionOf(Class<?> payloadType) {
        return REVISIONS.get(payloadType);
    }
}
