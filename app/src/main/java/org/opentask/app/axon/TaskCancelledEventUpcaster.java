package org.opentask.app.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.opentask.api.TaskCancelledEvent;

/**
 * {@link TaskCancelledEvent} revision 1 (stored without a revision) to revision 2: adds {@code reason}, which
 * the first shape did not have, as null: a cancel of that time gave no reason.
 */
class TaskCancelledEventUpcaster extends SingleEventUpcaster {

    static final String TYPE = TaskCancelledEvent.class.getName();
    static final String REVISION = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return TYPE.equals(event.getType().getName()) && event.getType().getRevision() == null;
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(TYPE, REVISION), JsonNode.class, payload -> {
            ((ObjectNode) payload).putNull("reason");
            return payload;
        });
    }
}
