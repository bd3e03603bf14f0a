package org.opentask.query;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What differs between the databases the service runs on: H2 (the embedded default, and every scratch copy),
 * MySQL 8 and MariaDB. The dialect is chosen once, from the JDBC URL, as db-scheduler chooses its
 * {@code JdbcCustomization}; no other code asks which database it talks to.
 */
public interface DatabaseDialect {

    DatabaseDialect H2 = new H2Dialect();
    DatabaseDialect MYSQL = new MySqlDialect();
    DatabaseDialect MARIADB = new MariaDbDialect();

    /**
     * The dialect for a JDBC URL: {@code jdbc:h2:} is H2, {@code jdbc:mariadb:} (MariaDB's driver, whatever the server)
     * is MariaDB, anything else MySQL 8.
     */
    static DatabaseDialect forUrl(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        return MYSQL;
    }

    /** The dialect of the database behind {@code dataSource}, by the URL its driver reports. */
    static DatabaseDialect of(DataSource dataSource) {
        try {
            return forUrl(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot reach the database to tell which it is", e);
        }
    }

    String name();

    /** Where Flyway finds this database's schema: H2 has its own DDL; MySQL 8 and MariaDB share one. */
    String migrations();

    /** Driver settings the service's connection pool adds to {@code jdbcUrl}, the URL as configured. */
    default Map<String, String> driverProperties(String jdbcUrl) {
        return Map.of();
    }

    /** Creates {@code table}, empty, with the columns, the primary key {@code id} and the indexes of {@code like}. */
    void createTableLike(JdbcClient jdbc, String table, String like);

    /**
     * Puts each shadow table (value) in its live table's (key) place, without copying rows: while commands are
     * held, so it must be quick whatever the size of the tables.
     */
    void swapIn(JdbcClient jdbc, Map<String, String> shadowByTable);

    /**
     * What {@link #swapIn} left for after the hold: the replaced tables, parked under {@code <table>_swap}, take the
     * shadow tables' names, where the next replay finds (and recreates) them.
     */
    default void afterSwap(JdbcClient jdbc, Map<String, String> shadowByTable) {
    }

    /**
     * Whether {@link #swapIn} swaps every table at once, so that readers see either the old tables or the new ones,
     * never none; when not, queries are held during the swap as commands are.
     */
    default boolean swapsAtOnce() {
        return true;
    }

    /**
     * Takes a hold on the appends of other instances of the service, to be placed with {@link AppendHold#holdAfter}
     * while a replay swaps its tables in; a database that one instance uses alone (H2) needs none.
     */
    AppendHold appendHold(DataSource dataSource) throws SQLException;

    /** Other instances' appends to the event store, held from a global index on until {@link #release}. */
    interface AppendHold extends AutoCloseable {

        /** Every append of an event after {@code globalIndex} waits from now on; waits for those under way. */
        void holdAfter(long globalIndex) throws SQLException;

        /** The held appends go on. */
        void release() throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /**
     * What follows a table's name in a {@code SELECT} to make the database read it along {@code index}: the task list
     * names the index whose order it answers in, so the database walks that index and stops at the limit instead
     * of sorting every row the filters select.
     */
    String indexHint(String index);
}
