package org.opentask.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * On H2 a replay's swap renames one table at a time and each rename commits, so a failure half-way cannot be rolled
 * back: the swap renames back what it renamed, and the live tables stay the old ones, under their own names.
 */
class H2SwapTest {

    private final H2Dialect dialect = new H2Dialect();
    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;

    @BeforeEach
    void tables() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:swap-" + UUID.randomUUID(), "sa", "", true);
        jdbc = JdbcClient.create(dataSource);
        for (String table : List.of("t", "u")) {
            jdbc.sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(20))").update();
            jdbc.sql("CREATE INDEX idx_" + table + "_name ON " + table + " (name)").update();
            jdbc.sql("INSERT INTO " + table + " VALUES (1, 'old')").update();
            dialect.createTableLike(jdbc, table + "_shadow", table);
            jdbc.sql("INSERT INTO " + table + "_shadow VALUES (1, 'new')").update();
        }
        jdbc.sql("CREATE VIEW t_view AS SELECT name FROM t").update();
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void the_shadow_tables_take_the_live_tables_place_with_their_index_names() {
        dialect.swapIn(jdbc, swaps());

        assertThat(name("t")).isEqualTo("new");
        assertThat(name("u")).isEqualTo("new");
        assertThat(name("t_shadow")).isEqualTo("old");
        assertThat(jdbc.sql("SELECT name FROM t_view").query(String.class).single()).isEqualTo("new");
        assertThat(indexes("t")).contains("IDX_T_NAME").doesNotContain("IDX_T_NAME_S");
        assertThat(indexes("t_shadow")).contains("IDX_T_NAME_S");
    }

    @Test
    void a_swap_that_fails_half_way_leaves_every_live_table_as_it_was() {
        List<String> tIndexes = indexes("t");
        List<String> shadowIndexes = indexes("t_shadow");
        // t is swapped in before u, whose first rename then fails: u_swap is taken
        jdbc.sql("CREATE TABLE u_swap (id BIGINT)").update();

        assertThatThrownBy(() -> dialect.swapIn(jdbc, swaps())).isInstanceOf(RuntimeException.class);

        assertThat(name("t")).isEqualTo("old");
        assertThat(name("t_shadow")).isEqualTo("new");
        assertThat(name("u")).isEqualTo("old");
        assertThat(name("u_shadow")).isEqualTo("new");
        assertThat(jdbc.sql("SELECT name FROM t_view").query(String.class).single()).isEqualTo("old");
        assertThat(indexes("t")).containsExactlyInAnyOrderElementsOf(tIndexes);
        assertThat(indexes("t_shadow")).containsExactlyInAnyOrderElementsOf(shadowIndexes);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T_SWAP'")
                .query(Long.class).single()).isZero();
    }

    private Map<String, String> swaps() {
        Map<String, String> swaps = new LinkedHashMap<>();
        swaps.put("t", "t_shadow");
        swaps.put("u", "u_shadow");
        return swaps;
    }

    private String name(String table) {
        return jdbc.sql("SELECT name FROM " + table + " WHERE id = 1").query(String.class).single();
    }

    private List<String> indexes(String table) {
        return jdbc.sql("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = ?")
                .param(table.toUpperCase()).query(String.class).list();
    }
}
