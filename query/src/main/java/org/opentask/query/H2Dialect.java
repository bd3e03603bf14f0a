package org.opentask.query;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/** H2: the embedded default, which one instance uses alone, and the scratch copies of replays and histories. */
final class H2Dialect implements DatabaseDialect {

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/h2";
    }

    /** H2 has no {@code CREATE TABLE ... LIKE}: the columns are copied, then the key is added again. */
    @Override
    public void createTableLike(JdbcClient jdbc, String table, String like) {
        jdbc.sql("CREATE TABLE " + table + " AS SELECT * FROM " + like + " WITH NO DATA").update();
        jdbc.sql("ALTER TABLE " + table + " ALTER COLUMN id SET NOT NULL").update();
        jdbc.sql("ALTER TABLE " + table + " ADD PRIMARY KEY (id)").update();
    }

    /** The live tables keep their place and take the shadow tables' rows, in the caller's transaction. */
    @Override
    public void swapIn(JdbcClient jdbc, Map<String, String> shadowByTable) {
        shadowByTable.forEach((table, shadow) -> {
            jdbc.sql("DELETE FROM " + table).update();
            jdbc.sql("INSERT INTO " + table + " SELECT * FROM " + shadow).update();
        });
    }

    /** An H2 database has one instance of the service: its commands are held in the process. */
    @Override
    public AppendHold appendHold(DataSource dataSource) {
        return new AppendHold() {
            @Override
            public void holdAfter(long globalIndex) {
            }

            @Override
            public void release() {
            }

            @Override
            public void close() {
            }
        };
    }
}
