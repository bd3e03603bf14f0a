package org.opentask.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The analytics' token is claimed in the replay's name before the swap holds commands, and only takes the replay's
 * position inside the hold: between the two, the processor that held it can no longer store its token (so its batch
 * is rolled back), and a claim lost meanwhile fails the swap and puts the token back as it was.
 */
class AnalyticsHandoverTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private DriverManagerDataSource dataSource;
    private JdbcClient jdbc;

    @BeforeEach
    void tokenStore() {
        dataSource = TokenStoreDatabase.create("handover");
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void the_claim_keeps_the_position_and_stops_the_processor_then_the_take_moves_it() throws Exception {
        processorHolds(new GlobalSequenceTrackingToken(7));
        try (AnalyticsHandover handover = new AnalyticsHandover(dataSource, serializer)) {
            handover.claim();

            assertThat(row().get("owner")).isEqualTo(AnalyticsHandover.OWNER);
            assertThat(position()).isEqualTo(7);
            assertThat(processorStores(new GlobalSequenceTrackingToken(9))).as("the processor's store after the claim")
                    .isZero();

            handover.take(new GlobalSequenceTrackingToken(42));
            assertThat(position()).isEqualTo(42);
            assertThat(row().get("owner")).isEqualTo(AnalyticsHandover.OWNER);
        }
    }

    @Test
    void a_claim_lost_before_the_take_fails_it_and_the_undo_puts_the_token_back_free() throws Exception {
        processorHolds(new GlobalSequenceTrackingToken(7));
        try (AnalyticsHandover handover = new AnalyticsHandover(dataSource, serializer)) {
            handover.claim();
            jdbc.sql("UPDATE token_entry SET owner = 'node-2'").update();

            assertThatThrownBy(() -> handover.take(new GlobalSequenceTrackingToken(42)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another owner");
            handover.undo();

            assertThat(position()).isEqualTo(7);
            assertThat(row().get("owner")).isNull();
        }
    }

    @Test
    void a_processor_that_never_ran_gets_the_replays_position_and_an_undo_leaves_no_token() throws Exception {
        try (AnalyticsHandover handover = new AnalyticsHandover(dataSource, serializer)) {
            handover.claim();
            assertThat(row().get("owner")).isEqualTo(AnalyticsHandover.OWNER);
            assertThat(row().get("token")).isNull();

            handover.take(new GlobalSequenceTrackingToken(3));
            assertThat(position()).isEqualTo(3);

            handover.undo();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM token_entry").query(Long.class).single()).isZero();
        }
    }

    /** The processor's token row, held by {@code node-1} at {@code token}. */
    private void processorHolds(GlobalSequenceTrackingToken token) {
        jdbc.sql("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)"
                        + " VALUES (?, 0, ?, ?, '2026-12-07T00:00:00Z', 'node-1')")
                .params(ProcessingGroups.TASK_ANALYTICS, serializer.serialize(token, byte[].class).getData(),
                        GlobalSequenceTrackingToken.class.getName())
                .update();
    }

    /** What Axon's token store does at the end of the processor's batch: an update guarded by its owner. */
    private int processorStores(GlobalSequenceTrackingToken token) {
        return jdbc.sql("UPDATE token_entry SET token = ? WHERE owner = 'node-1' AND processor_name = ?")
                .params(serializer.serialize(token, byte[].class).getData(), ProcessingGroups.TASK_ANALYTICS)
                .update();
    }

    private Map<String, Object> row() {
        return jdbc.sql("SELECT token, owner FROM token_entry WHERE processor_name = ?")
                .param(ProcessingGroups.TASK_ANALYTICS)
                .query()
                .singleRow();
    }

    private long position() {
        Map<String, Object> row = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(ProcessingGroups.TASK_ANALYTICS)
                .query()
                .singleRow();
        GlobalSequenceTrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(
                (byte[]) row.get("token"), byte[].class, (String) row.get("token_type"), null));
        return token.position().orElseThrow();
    }
}
