package org.opentask.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections' own event handlers, as a phase of a replay runs them: writing the tables of that phase (in the
 * scratch copy, or the shadow tables), each event handed over at its own global index. Handlers that write at the
 * end of a batch (the analytics) get the events in a unit of work of up to {@value #BATCH} events, as their
 * tracking processor hands them over: the caller {@link #flush()}es before it commits.
 */
final class ReplayHandlers {

    private static final int BATCH = 1_000;

    private final List<EventMessageHandler> handlers;
    private final List<EventMessageHandler> batchedHandlers;
    private final List<TrackedEventMessage<?>> batch = new ArrayList<>();

    private ReplayHandlers(List<EventMessageHandler> handlers, List<EventMessageHandler> batchedHandlers) {
        this.handlers = handlers;
        this.batchedHandlers = batchedHandlers;
    }

    /** The handlers of {@code targets}, writing through {@code template} into the tables {@code as} names. */
    static ReplayHandlers of(List<ReplayTarget> targets, JdbcTemplate template, ZoneId zone,
                             UnaryOperator<String> as) {
        List<EventMessageHandler> handlers = new ArrayList<>();
        List<EventMessageHandler> batchedHandlers = new ArrayList<>();
        for (ReplayTarget target : targets) {
            Object projection = target.projection(template, zone, as);
            // the handler methods as they are, without the per-call wrappers (timeouts, tracing) of live processing
            (target.batched() ? batchedHandlers : handlers).add(new AnnotationEventHandlerAdapter(projection,
                    ClasspathParameterResolverFactory.forClass(projection.getClass()),
                    new AnnotatedMessageHandlingMemberDefinition()));
        }
        return new ReplayHandlers(handlers, batchedHandlers);
    }

    /** Hands {@code event} to every handler; answers its token, the {@code previous} of the next event. */
    TrackingToken apply(TrackedEventMessage<?> event, TrackingToken previous) throws Exception {
        TrackedEventMessage<?> own = atOwnIndex(event, previous);
        for (EventMessageHandler handler : handlers) {
            handler.handle(own);
        }
        if (!batchedHandlers.isEmpty()) {
            batch.add(own);
            if (batch.size() >= BATCH) {
                flush();
            }
        }
        return event.trackingToken();
    }

    /** Writes what the batched handlers hold: before every commit of the tables they write. */
    void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        batch.clear();
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            for (EventMessageHandler handler : batchedHandlers) {
                handler.handle((EventMessage<?>) CurrentUnitOfWork.get().getMessage());
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        for (ExecutionResult each : unitOfWork.getExecutionResults().values()) {
            if (each.isExceptionResult()) {
                throw each.getExceptionResult() instanceof Exception e ? e : new IllegalStateException(
                        each.getExceptionResult());
            }
        }
        if (result.isExceptional()) {
            throw result.exceptionResult() instanceof Exception e ? e : new IllegalStateException(
                    result.exceptionResult());
        }
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
