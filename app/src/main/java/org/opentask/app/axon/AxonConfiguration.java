package org.opentask.app.axon;

import java.time.Duration;

import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.opentask.query.ProcessingGroups;
import org.opentask.query.StoredEvents;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

/**
 * Axon's stores, declared here rather than left to auto-configuration: the event store and the token store live
 * in the application's own database through Axon's JDBC engine, inside Spring's transactions, so an event and the
 * read-model rows it produces commit together. Auto-configuration has fallen back to in-memory stores on Boot 4
 * before; a test checks these beans are the ones in use.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * The read models are projected in the command's own transaction: a failed projection fails the command. Both
     * go to one subscribing processor ({@link ProcessingGroups#IN_TRANSACTION}) rather than one each: a processor
     * wraps every event in a unit of work, an interceptor chain and a monitor of its own, which cost more than the
     * handlers' own work. The groups keep their names (a replay rebuilds them one by one).
     */
    @Bean
    ConfigurerModule subscribingProjections() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingSubscribingEventProcessors()
                .assignProcessingGroup(ProcessingGroups.BOT_TASK, ProcessingGroups.IN_TRANSACTION)
                .assignProcessingGroup(ProcessingGroups.BOT_TASK_LOG, ProcessingGroups.IN_TRANSACTION)
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /**
     * Axon's query bus, as auto-configuration builds it, but without a transaction around each query: every query
     * handler here reads with one {@code SELECT} (or reads the event store, which opens its own), and on MariaDB a
     * transaction costs three more round trips per read (autocommit off, commit, autocommit on).
     */
    @Bean
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.INSTANCE)
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /** Correlation data for what a command causes only (it replaces Axon's default {@code MessageOriginProvider}). */
    @Bean
    CorrelationDataProvider commandOrigin() {
        return new CommandOrigin();
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * The polled reader of the store that the background processors (analytics, webhooks) follow. Each looks at the
     * store as often as the more eager of the two asks ({@code opentask.analytics.poll-interval},
     * {@code opentask.webhooks.poll-interval}) and takes at most {@code opentask.analytics.batch-size} events and
     * about {@code opentask.analytics.look-size} of stored payload a look.
     */
    @Bean
    PolledEventSource polledEventSource(EventStorageEngine storage,
                                        @Qualifier("eventSerializer") Serializer eventSerializer,
                                        @Value("${opentask.analytics.poll-interval:200ms}") Duration analytics,
                                        @Value("${opentask.webhooks.poll-interval:200ms}") Duration webhooks,
                                        @Value("${opentask.analytics.batch-size:512}") int batchSize,
                                        @Value("${opentask.analytics.look-size:4MB}") DataSize lookSize) {
        return new PolledEventSource(storage, eventSerializer, analytics.compareTo(webhooks) <= 0 ? analytics : webhooks,
                batchSize, lookSize.toBytes());
    }

    /** A duplicate (task, sequence number) is another instance's concurrent change, not a failure of the store. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver(DataSource dataSource) {
        return new DuplicateKeyResolver(dataSource);
    }

    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("snapshotSerializer") Serializer snapshotSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer) {
        // 32 events a read, not Axon's 100: an event may hold a megabyte of text, and a task loads from its latest
        // snapshot (every opentask.snapshot-threshold events) and the few after it anyway
        return new TaskEventStorageEngine(eventStorage(connectionProvider, transactionManager,
                persistenceExceptionResolver, snapshotSerializer, eventSerializer).batchSize(32));
    }

    /**
     * The event store read back for the query side (a replay, a task's past). A replay reads the whole store, so
     * its reader fetches large batches (one query each) instead of the engine's default 100; it is not a bean of
     * its own, so Axon still sees one storage engine.
     */
    @Bean
    StoredEvents storedEvents(ConnectionProvider connectionProvider,
                              TransactionManager transactionManager,
                              PersistenceExceptionResolver persistenceExceptionResolver,
                              @Qualifier("snapshotSerializer") Serializer serializer,
                              @Qualifier("eventSerializer") Serializer eventSerializer,
                              @Value("${opentask.replay.fetch-size:5000}") int fetchSize) {
        JdbcEventStorageEngine bulk = eventStorage(connectionProvider, transactionManager,
                        persistenceExceptionResolver, serializer, eventSerializer)
                .batchSize(fetchSize)
                .extendedGapCheckEnabled(true)
                .build();
        // a task's past is read a few events at a time: an event may hold a megabyte of text
        JdbcEventStorageEngine history = eventStorage(connectionProvider, transactionManager,
                        persistenceExceptionResolver, serializer, eventSerializer)
                .batchSize(16)
                .build();
        return new StoredEvents() {
            @Override
            public Stream<? extends TrackedEventMessage<?>> readAfter(TrackingToken token) {
                return bulk.readEvents(token, false);
            }

            @Override
            public Stream<? extends DomainEventMessage<?>> readTask(long taskId, long first) {
                return history.readEvents(Long.toString(taskId), first).asStream();
            }
        };
    }

    /** The event store's engine, as every reader of the store must see it: same tables, serializer, upcasters. */
    static JdbcEventStorageEngine.Builder eventStorage(ConnectionProvider connectionProvider,
                                                       TransactionManager transactionManager,
                                                       PersistenceExceptionResolver persistenceExceptionResolver,
                                                       Serializer serializer, Serializer eventSerializer) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(EventUpcasters.chain())
                .dataType(byte[].class)
                .appendEvents(new IndexCapturingAppend())
                // A hole in the global index is an event still being committed, or an index the database
                // skipped; each tracking token carries its open holes. MariaDB skips about one index in five when
                // a command's events arrive as one bulk insert, which ServiceConfiguration switches off; a rollback
                // (a lost race) still leaves one. Axon keeps holes 60 s by default: with bulk inserts that filled
                // a 512 MiB heap within a minute (docs/performance.md). Every command here commits in well under a
                // second, so a hole older than 10 s is a skipped index, not a transaction still running.
                .maxGapOffset(10_000)
                .gapTimeout(10_000)
                .schema(eventSchema());
    }

    /** The event store's tables and columns: the names of the Flyway migrations, in snake case. */
    static EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .contentType(byte[].class)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    /**
     * A snapshot of a task every {@code opentask.snapshot-threshold} events: a task that beat for a week loads from
     * its latest snapshot and the few events after it, not from its whole history (docs/leases.md). Snapshots are
     * taken after the command commits, in a transaction of their own.
     */
    @Bean
    SnapshotTriggerDefinition taskSnapshotTrigger(Snapshotter snapshotter,
                                                  @Value("${opentask.snapshot-threshold:20}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Snapshots hold the Task aggregate's fields, which have no getters: read and written field by field. Never
     * used for events, whose records keep their own shape.
     */
    @Bean
    @Qualifier("snapshotSerializer")
    Serializer snapshotSerializer() {
        ObjectMapper mapper = objectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).defaultTyping()
                .revisionResolver(new EventRevisions())
                .build();
    }

    /** Jackson 2 for Axon's messages: events are records, which XStream cannot read back. */
    @Bean
    @Primary
    Serializer serializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jacksonSerializer();
    }

    private static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // an event read by older code, or an old event missing a new field, still loads
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static Serializer jacksonSerializer() {
        ObjectMapper mapper = objectMapper();
        return JacksonSerializer.builder().objectMapper(mapper).defaultTyping()
                .revisionResolver(new EventRevisions())
                .build();
    }
}
