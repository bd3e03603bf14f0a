package org.opentask.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/** MySQL 8, and the base of {@link MariaDbDialect}: the two share one schema and every statement here. */
class MySqlDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "MySQL";
    }

    /**
     * Statements are prepared on the server once per connection and kept there: without it the driver sends every
     * statement's text each time and the server parses it again. The driver's cache of prepared statements holds
     * only statements shorter than 256 characters by default, which leaves out most of this engine's. A URL that
     * sets the driver's statement options itself is left as it is.
     */
    @Override
    public Map<String, String> driverProperties(String jdbcUrl) {
        return jdbcUrl.contains("useServerPrepStmts") ? Map.of() : Map.of(
                "useServerPrepStmts", "true",
                "cachePrepStmts", "true",
                "prepStmtCacheSize", "250",
                "prepStmtCacheSqlLimit", "8192");
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/mysql";
    }

    @Override
    public void createTableLike(JdbcClient jdbc, String table, String like) {
        jdbc.sql("CREATE TABLE " + table + " LIKE " + like).update();
    }

    /**
     * One {@code RENAME TABLE} for all: atomic, and readers wait for it instead of seeing no table. Two renames a
     * table while commands wait; the third, which gives the replaced table the shadow's name, waits until after
     * the hold ({@link #afterSwap}): each rename moves a file and writes the data dictionary, which on a busy
     * machine cost several milliseconds.
     */
    @Override
    public void swapIn(JdbcClient jdbc, Map<String, String> shadowByTable) {
        List<String> renames = new ArrayList<>();
        shadowByTable.forEach((table, shadow) -> {
            renames.add(table + " TO " + table + "_swap");
            renames.add(shadow + " TO " + table);
        });
        jdbc.sql("RENAME TABLE " + String.join(", ", renames)).update();
    }

    @Override
    public void afterSwap(JdbcClient jdbc, Map<String, String> shadowByTable) {
        List<String> renames = new ArrayList<>();
        shadowByTable.forEach((table, shadow) -> renames.add(table + "_swap TO " + shadow));
        jdbc.sql("RENAME TABLE " + String.join(", ", renames)).update();
    }

    /**
     * A locking read of the event table from the first event the replay may not have applied takes the records
     * and the gaps up to the end of the table: it waits for appends that are not committed yet, and every append
     * after it waits for the release (a gap lock, so the hold's connection reads in REPEATABLE READ whatever the
     * server's default). The connection is taken at once, before the caller holds its own commands.
     */
    @Override
    public AppendHold appendHold(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        return new AppendHold() {
            @Override
            public void holdAfter(long globalIndex) throws SQLException {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setAutoCommit(false);
                try (PreparedStatement appends = connection.prepareStatement(
                        "SELECT global_index FROM domain_event_entry WHERE global_index > ? FOR UPDATE")) {
                    appends.setLong(1, globalIndex);
                    appends.executeQuery().close();
                }
            }

            @Override
            public void release() throws SQLException {
                connection.commit();
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    /**
     * {@code FORCE INDEX}, not {@code USE INDEX}: the latter leaves the optimizer a table scan and a sort, which it
     * prefers when it expects the filters to select many rows; a forced index makes the scan look expensive.
     */
    @Override
    public String indexHint(String index) {
        return "FORCE INDEX (" + index + ")";
    }
}
