package org.opentask.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Where one statement renames tables atomically (MySQL, MariaDB), the tables commands write change places while
 * commands are held, and the analytics' tables just after, while the replay still holds their processor's token:
 * each rename costs the hold a few milliseconds. Should the analytics' rename fail, the commands' tables are the
 * new ones, the analytics stay the old ones and their processor's token is put back where it was, free.
 * <p>
 * The swap runs on H2 here, through a dialect that says its renames are atomic (as MySQL's) and records, for each
 * rename, whether commands were held; the one injected fault is a failing rename of the analytics.
 */
class AnalyticsAfterHoldTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private DriverManagerDataSource dataSource;
    private JdbcClient jdbc;
    private TableSwap swap;
    private final List<String> renames = new ArrayList<>();
    private boolean analyticsRenameFails;

    @BeforeEach
    void tables() {
        dataSource = TokenStoreDatabase.create("after-hold");
        jdbc = JdbcClient.create(dataSource);
        for (String table : ReplayTarget.tables(List.of(ReplayTarget.values()))) {
            jdbc.sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, generation VARCHAR(10))").update();
            jdbc.sql("INSERT INTO " + table + " VALUES (1, 'old')").update();
            DatabaseDialect.H2.createTableLike(jdbc, ReplayTarget.shadow(table), table);
            jdbc.sql("INSERT INTO " + ReplayTarget.shadow(table) + " VALUES (1, 'new')").update();
        }
        jdbc.sql("INSERT INTO token_entry VALUES (?, 0, ?, ?, '2026-12-07T00:00:00Z', 'node-1')")
                .params(ProcessingGroups.TASK_ANALYTICS,
                        serializer.serialize(new GlobalSequenceTrackingToken(7), byte[].class).getData(),
                        GlobalSequenceTrackingToken.class.getName())
                .update();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        ShadowCatchUp catchUp = new ShadowCatchUp(new NoNewEvents(), jdbc, transactions,
                new ReplayProgress(jdbc, ZoneOffset.UTC), 1_000);
        swap = new TableSwap(dataSource, jdbc, transactions, new AtomicRenames(), catchUp, serializer, Duration.ZERO);
    }

    @Test
    void the_commands_tables_change_places_in_the_hold_and_the_analytics_after_it() throws Exception {
        swap.swap(List.of(ReplayTarget.values()), handlers(), new GlobalSequenceTrackingToken(42));

        assertThat(renames).containsExactly(
                "held: bot_task, bot_task_log",
                "not held: task_analytics_event, task_analytics_task");
        for (String table : ReplayTarget.tables(List.of(ReplayTarget.values()))) {
            assertThat(generation(table)).as(table).isEqualTo("new");
            assertThat(generation(ReplayTarget.shadow(table))).as(ReplayTarget.shadow(table)).isEqualTo("old");
        }
        assertThat(jdbc.sql("SELECT owner FROM token_entry").query().singleRow().get("owner")).isNull();
        assertThat(tokenPosition()).isEqualTo(42);
    }

    @Test
    void a_failed_rename_of_the_analytics_keeps_the_old_ones_and_their_processors_place() {
        analyticsRenameFails = true;

        assertThatThrownBy(() -> swap.swap(List.of(ReplayTarget.values()), handlers(),
                new GlobalSequenceTrackingToken(42))).hasMessageContaining("rename refused");

        assertThat(generation(BotTaskTable.NAME)).isEqualTo("new");
        assertThat(generation(ReplayTarget.shadow(BotTaskTable.NAME))).isEqualTo("old");
        assertThat(generation(TaskAnalyticsProjection.EVENT_TABLE)).isEqualTo("old");
        assertThat(generation(TaskAnalyticsProjection.TASK_TABLE)).isEqualTo("old");
        assertThat(jdbc.sql("SELECT owner FROM token_entry").query().singleRow().get("owner")).isNull();
        assertThat(tokenPosition()).as("the processor's own place in the old tables").isEqualTo(7);
        assertThat(swap.holding()).isFalse();
    }

    private ReplayHandlers handlers() {
        return ReplayHandlers.of(List.of(ReplayTarget.values()), new JdbcTemplate(dataSource), ZoneOffset.UTC,
                ReplayTarget::shadow);
    }

    private String generation(String table) {
        return jdbc.sql("SELECT generation FROM " + table).query(String.class).single();
    }

    private long tokenPosition() {
        Map<String, Object> row = jdbc.sql("SELECT token, token_type FROM token_entry").query().singleRow();
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(
                (byte[]) row.get("token"), byte[].class, (String) row.get("token_type"), null));
        return token.position().orElseThrow();
    }

    /** H2's renames, said to be atomic as MySQL's are, each recorded with whether commands were held. */
    private final class AtomicRenames implements DatabaseDialect {

        private final DatabaseDialect h2 = DatabaseDialect.H2;

        @Override
        public String name() {
            return "H2, renaming as MySQL";
        }

        @Override
        public String migrations() {
            return h2.migrations();
        }

        @Override
        public void createTableLike(JdbcClient jdbc, String table, String like) {
            h2.createTableLike(jdbc, table, like);
        }

        @Override
        public void swapIn(JdbcClient jdbc, Map<String, String> shadowByTable) {
            renames.add((swap.holding() ? "held: " : "not held: ") + String.join(", ", shadowByTable.keySet()));
            if (analyticsRenameFails && shadowByTable.containsKey(TaskAnalyticsProjection.EVENT_TABLE)) {
                throw new IllegalStateException("rename refused");
            }
            h2.swapIn(jdbc, shadowByTable);
        }

        @Override
        public void afterSwap(JdbcClient jdbc, Map<String, String> shadowByTable) {
            h2.afterSwap(jdbc, shadowByTable);
        }

        @Override
        public AppendHold appendHold(DataSource dataSource) throws SQLException {
            return h2.appendHold(dataSource);
        }

        @Override
        public String indexHint(String index) {
            return h2.indexHint(index);
        }
    }

    /** An event store that has nothing after the replay's last catch-up round. */
    private static final class NoNewEvents implements StoredEvents {

        @Override
        public Stream<? extends TrackedEventMessage<?>> readAfter(TrackingToken token) {
            return Stream.empty();
        }

        @Override
        public Stream<? extends DomainEventMessage<?>> readTask(long taskId, long first) {
            return Stream.empty();
        }
    }
}
