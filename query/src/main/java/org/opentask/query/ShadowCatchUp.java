package org.opentask.query;

import java.util.Iterator;
import java.util.stream.Stream;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A replay's third phase, <b>catching up</b>: the events stored while the replay read and copied are applied to
 * the shadow tables directly, round after round, each round in one transaction of the service's database, until a
 * round finds so few that the rest can be applied while commands wait ({@link TableSwap}).
 */
record ShadowCatchUp(StoredEvents storedEvents, JdbcClient jdbc, PlatformTransactionManager transactions,
                     ReplayProgress progress, int commitEvery) {

    /**
     * When a catch-up round applies fewer events than this, the rest is applied while commands wait: what arrives
     * during a round of this size, which bots working at a few hundred commands a second keep to a few dozen.
     */
    private static final int FEW_ENOUGH_TO_HOLD = 100;
    private static final int MAX_CATCH_UP_ROUNDS = 50;

    /** Applies the events after {@code from} in rounds; answers the token of the last event applied. */
    TrackingToken catchUp(TrackingToken from, ReplayHandlers shadows) throws Exception {
        TrackingToken token = from;
        for (int round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
            long before = progress.eventsDone();
            token = inTransaction(token, shadows);
            if (progress.eventsDone() - before < FEW_ENOUGH_TO_HOLD) {
                break;
            }
        }
        return token;
    }

    /** How many events are stored after {@code token} (all of them for null). */
    long eventsAfter(TrackingToken token) {
        long position = token == null ? -1 : token.position().orElse(-1);
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry WHERE global_index > ?")
                .param(position)
                .query(Long.class)
                .single();
    }

    /**
     * Applies every event after {@code from} up to the last one stored now, in the caller's transaction. Answers the
     * token of the last event applied.
     */
    TrackingToken apply(TrackingToken from, ReplayHandlers handlers) throws Exception {
        TrackingToken token = from;
        int sinceReport = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = storedEvents.readAfter(from)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                token = handlers.apply(iterator.next(), token);
                progress.applied();
                if (++sinceReport >= commitEvery) {
                    sinceReport = 0;
                    progress.tick();
                }
            }
        }
        handlers.flush();
        progress.totalAtLeastDone();
        return token;
    }

    /** One catch-up round into the shadow tables, in one transaction of the service's database. */
    private TrackingToken inTransaction(TrackingToken from, ReplayHandlers handlers) throws Exception {
        progress.total(progress.eventsDone() + eventsAfter(from));
        progress.enter("catching-up");
        TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            TrackingToken token = apply(from, handlers);
            transactions.commit(transaction);
            return token;
        } catch (Exception | Error e) {
            transactions.rollback(transaction);
            throw e;
        }
    }
}
