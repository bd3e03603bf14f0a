package org.opentask.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The global indexes the event store gave the events a command appended, kept in the command's unit of work for
 * the projections that run in it: the audit trail numbers its rows by global index.
 */
public final class AppendedIndexes {

    private static final String RESOURCE = AppendedIndexes.class.getName();

    private AppendedIndexes() {
    }

    /** Keeps {@code indexes}, in the order of {@code events}, in the current unit of work (if one runs). */
    public static void keep(List<? extends EventMessage<?>> events, List<Long> indexes) {
        if (!CurrentUnitOfWork.isStarted() || indexes.size() != events.size()) {
            return;
        }
        Map<String, Long> kept = CurrentUnitOfWork.get().root()
                .getOrComputeResource(RESOURCE, key -> new HashMap<String, Long>());
        for (int i = 0; i < events.size(); i++) {
            kept.put(events.get(i).getIdentifier(), indexes.get(i));
        }
    }

    /** The event's global index, if it was appended in the current unit of work; else null. */
    public static Long of(EventMessage<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Map<String, Long> kept = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return kept == null ? null : kept.get(event.getIdentifier());
    }
}
