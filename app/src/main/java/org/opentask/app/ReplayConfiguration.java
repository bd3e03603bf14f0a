package org.opentask.app;

import java.util.stream.Stream;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.opentask.query.StoredEvents;
import org.opentask.query.ProjectionReplay;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the replay of the read models needs from the rest of the service. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    /**
     * The event store read back for the query side. A replay reads the whole store, so its reader fetches large
     * batches (one query each) instead of the engine's default 100; it is not a bean of its own, so Axon still
     * sees one storage engine.
     */
    @Bean
    StoredEvents storedEvents(EventStorageEngine storage, ConnectionProvider connectionProvider,
                              TransactionManager transactionManager,
                              PersistenceExceptionResolver persistenceExceptionResolver, Serializer serializer,
                              @Qualifier("eventSerializer") Serializer eventSerializer,
                              @Value("${opentask.replay.fetch-size:5000}") int fetchSize) {
        JdbcEventStorageEngine bulk = AxonConfiguration.eventStorage(connectionProvider, transactionManager,
                        persistenceExceptionResolver, serializer, eventSerializer)
                .batchSize(fetchSize)
                .extendedGapCheckEnabled(true)
                .build();
        return new StoredEvents() {
            @Override
            public Stream<? extends TrackedEventMessage<?>> readAfter(TrackingToken token) {
                return bulk.readEvents(token, false);
            }

            @Override
            public Stream<? extends DomainEventMessage<?>> readTask(long taskId) {
                return storage.readEvents(Long.toString(taskId)).asStream();
            }
        };
    }

    /** Commands wait while a replay swaps its tables in. */
    @Bean
    Registration commandHold(CommandBus commandBus, ProjectionReplay replay) {
        return commandBus.registerHandlerInterceptor(replay.commandHold());
    }

    /** Timers store events too (a lease running out, an automatic retry): they wait for a swap like commands. */
    @Bean
    Registration deadlineHold(DeadlineManager deadlineManager, ProjectionReplay replay) {
        return deadlineManager.registerHandlerInterceptor(replay.hold());
    }
}
