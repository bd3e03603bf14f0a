package org.opentask.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projections' own event handlers, as a phase of a replay runs them: writing the tables of that phase (in the
 * scratch copy, or the shadow tables), each event handed over at its own global index.
 */
final class ReplayHandlers {

    private final List<EventMessageHandler> handlers;

    private ReplayHandlers(List<EventMessageHandler> handlers) {
        this.handlers = handlers;
    }

    /** The handlers of {@code targets}, writing through {@code jdbc} into the table {@code table} names. */
    static ReplayHandlers of(List<ReplayTarget> targets, JdbcClient jdbc, ZoneId zone,
                             Function<ReplayTarget, String> table) {
        List<EventMessageHandler> handlers = new ArrayList<>();
        for (ReplayTarget target : targets) {
            Object projection = target.projection(jdbc, zone, table.apply(target));
            // the handler methods as they are, without the per-call wrappers (timeouts, tracing) of live processing
            handlers.add(new AnnotationEventHandlerAdapter(projection,
                    ClasspathParameterResolverFactory.forClass(projection.getClass()),
                    new AnnotatedMessageHandlingMemberDefinition()));
        }
        return new ReplayHandlers(handlers);
    }

    /** Hands {@code event} to every handler; answers its token, the {@code previous} of the next event. */
    TrackingToken apply(TrackedEventMessage<?> event, TrackingToken previous) throws Exception {
        TrackedEventMessage<?> own = atOwnIndex(event, previous);
        for (EventMessageHandler handler : handlers) {
            handler.handle(own);
        }
        return event.trackingToken();
    }

    /**
     * The event as the projections get it: carrying a token at its own global index, which the audit trail numbers
     * its rows by. A gap-aware token's position is the highest index read so far, so an event that fills a gap
     * (committed after events with higher indexes, as when several instances append at once) would otherwise
     * carry a later event's index.
     */
    static TrackedEventMessage<?> atOwnIndex(TrackedEventMessage<?> event, TrackingToken previous) {
        if (!(event.trackingToken() instanceof GapAwareTrackingToken current)) {
            return event;
        }
        long own = current.getIndex();
        if (previous instanceof GapAwareTrackingToken before && current.getIndex() == before.getIndex()) {
            // the gap it filled; Axon may also have dropped older gaps it found to be lost, all below the filled one
            for (Long gap : before.getGaps()) {
                if (!current.getGaps().contains(gap)) {
                    own = gap;
                }
            }
        }
        return event.withTrackingToken(new GlobalSequenceTrackingToken(own));
    }
}
