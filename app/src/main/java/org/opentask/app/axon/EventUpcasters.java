package org.opentask.app.axon;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** Every upcaster of the task events, oldest shape first: events stored in an old shape load as today's. */
final class EventUpcasters {

    private EventUpcasters() {
    }

    static EventUpcaster chain() {
        return new EventUpcasterChain(new TaskCancelledEventUpcaster());
    }
}
