package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.TransactionManagingInterceptor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.query.ProcessingGroups;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

/** Boot 4's auto-configuration order has fallen back to in-memory stores before: the stores in use are checked. */
class AxonWiringTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    Serializer serializer;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    QueryBus queryBus;

    @Test
    void events_and_tokens_are_stored_in_the_database() {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(context.getBeansOfType(EventStorageEngine.class)).hasSize(1);
        // Axon's auto-configuration builds its event store (bean "eventBus") only when no EventBus bean exists: a
        // background reader declared as one silently became the store commands publish to
        assertThat(context.getBeansOfType(EventBus.class)).containsOnlyKeys("eventBus");
        assertThat(context.getBean("eventBus")).isSameAs(eventStore);
    }

    @Test
    void the_background_processors_follow_one_polled_reader_of_the_store() {
        assertThat(context.getBeansOfType(PolledEventSource.class)).hasSize(1);
        PolledEventSource reader = context.getBean(PolledEventSource.class);
        for (String group : List.of(ProcessingGroups.TASK_ANALYTICS, "webhooks")) {
            TrackingEventProcessor processor = processing.eventProcessor(group, TrackingEventProcessor.class)
                    .orElseThrow();
            assertThat(processor.getMessageSource()).as(group).isSameAs(reader);
        }
    }

    @Test
    void a_created_task_is_an_event_row_in_the_event_store_table() {
        long id = api.createTask(bot("wiring"), "stored", "P2");
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.toString(id))).isEqualTo(1);
    }

    @Test
    void a_commands_events_carry_its_correlation_data_and_nothing_else_provides_any() {
        assertThat(context.getBeansOfType(CorrelationDataProvider.class).values())
                .singleElement().isInstanceOf(CommandOrigin.class);
        long id = api.createTask(bot("wiring"), "correlated", "P2");
        byte[] metaData = jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(Long.toString(id)).query(byte[].class).single();
        assertThat(new String(metaData, StandardCharsets.UTF_8)).contains("\"correlationId\"", "\"traceId\"");
    }

    @Test
    void messages_are_serialized_with_jackson() {
        assertThat(serializer).isInstanceOf(JacksonSerializer.class);
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
    }

    @Test
    void neither_axon_server_nor_the_update_checker_is_configured() {
        assertThat(context.getBeanNamesForType(
                org.axonframework.updates.UpdateChecker.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("spring.autoconfigure.exclude"))
                .contains("UpdateCheckerAutoConfiguration");
        assertThat(context.getEnvironment().getProperty("axon.axonserver.enabled")).isEqualTo("false");
        assertThat(classPresent("org.axonframework.axonserver.connector.AxonServerConnectionManager")).isFalse();
    }

    @Test
    void messages_get_time_ordered_identifiers_from_the_service_own_factory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);
        long before = System.currentTimeMillis();
        long id = api.createTask(bot("wiring"), "identified", "P2");
        long after = System.currentTimeMillis();
        UUID stored = UUID.fromString(jdbc.sql("SELECT event_identifier FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ?")
                .param(Long.toString(id)).query(String.class).single());
        assertThat(stored.version()).isEqualTo(7);
        assertThat(stored.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    /**
     * The engine reads a task's events in ranges of 100 sequence numbers and stops at the first range that is not
     * full ({@link TaskEventStorageEngine}): a task with more events than one range must still load whole.
     */
    @Test
    void a_task_with_more_events_than_one_read_range_is_decided_on_all_of_them() {
        long id = api.createTask(bot("wiring"), "edited", "P2");
        for (int edit = 1; edit <= 120; edit++) {
            assertThat(api.put("/api/tasks/" + id, "{\"progress\": " + (edit % 100) + "}").status()).isEqualTo(200);
        }
        assertThat(api.put("/api/tasks/" + id, "{\"task_name\": \"edited 121 times\"}").status()).isEqualTo(200);
        ApiClient.Response started = api.put("/api/tasks/" + id + "/start");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.text()).contains("\"task_name\":\"edited 121 times\"", "\"status\":\"running\"");
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(409);
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.toString(id))).isGreaterThan(120);
    }

    /**
     * The event store's global index has no holes left by the database (MariaDB leaves them when a command's
     * events go in as one bulk insert): a start stores two events, and ten tasks' lifecycles in a row take
     * consecutive indexes. Holes would ride along in every tracking token.
     */
    @Test
    void commands_in_a_row_take_consecutive_global_indexes() {
        String bot = bot("wiring");
        List<String> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long id = api.createTask(bot, "indexed " + i, "P2");
            assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
            assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status()).isEqualTo(200);
            tasks.add(Long.toString(id));
        }
        List<Long> indexes = jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + String.join(", ", java.util.Collections.nCopies(tasks.size(), "?")) + ")"
                        + " ORDER BY global_index")
                .params(new java.util.ArrayList<Object>(tasks)).query(Long.class).list();
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(30);
        long first = indexes.get(0);
        long last = indexes.get(indexes.size() - 1);
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE global_index BETWEEN ? AND ?", first, last))
                .as("events stored between index %d and %d", first, last)
                .isEqualTo(last - first + 1);
    }

    /**
     * An audit row is numbered with its event's global index, which the append hands to the projection in the
     * command's unit of work (a start appends two events, the task's start and its lease timer).
     */
    @Test
    void audit_rows_carry_their_events_global_indexes() {
        long id = api.createTask(bot("wiring"), "numbered", "P2");
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}").status()).isEqualTo(200);
        java.util.Map<String, Long> byType = new java.util.HashMap<>();
        jdbc.sql("SELECT payload_type, global_index FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(Long.toString(id))
                .query(rs -> {
                    String type = rs.getString(1);
                    byType.put(type.substring(type.lastIndexOf('.') + 1), rs.getLong(2));
                });
        java.util.Map<String, Long> byAction = new java.util.HashMap<>();
        jdbc.sql("SELECT action, id FROM bot_task_log WHERE task_id = ?").param(id)
                .query(rs -> {
                    byAction.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(byAction).containsOnlyKeys("create", "start", "complete");
        assertThat(byAction.get("create")).isEqualTo(byType.get("TaskCreatedEvent"));
        assertThat(byAction.get("start")).isEqualTo(byType.get("TaskStartedEvent"));
        assertThat(byAction.get("complete")).isEqualTo(byType.get("TaskCompletedEvent"));
    }

    /** Every query is one SELECT: a transaction around it would add three round trips to each read. */
    @Test
    void queries_run_outside_a_transaction() {
        assertThat(queryBus).isInstanceOf(SimpleQueryBus.class);
        assertThat((List<?>) ReflectionTestUtils.getField(queryBus, "handlerInterceptors"))
                .noneMatch(TransactionManagingInterceptor.class::isInstance);
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
