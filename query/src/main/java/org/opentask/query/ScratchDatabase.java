package org.opentask.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.flywaydb.core.Flyway;

/**
 * A private in-memory H2 database with the read models' schema, made by the same H2 migrations as the service's
 * own database, so its tables always have today's columns. The projections' own handlers write into it: a replay
 * builds the new tables there at memory speed, and a task's past is folded there and thrown away.
 */
final class ScratchDatabase implements AutoCloseable {

    private final String url;
    /** An in-memory H2 database lives as long as one connection to it is open. */
    private final Connection keeper;

    private ScratchDatabase(String url) throws SQLException {
        this.url = url;
        this.keeper = DriverManager.getConnection(url, "sa", "");
    }

    static ScratchDatabase create(String purpose) {
        try {
            ScratchDatabase database = new ScratchDatabase(
                    "jdbc:h2:mem:opentask-" + purpose + "-" + UUID.randomUUID()
                            // every handler's statement stays parsed; a fold waits for another on the same task
                            + ";DB_CLOSE_DELAY=0;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64");
            Flyway.configure()
                    .dataSource(database.url, "sa", "")
                    .locations(DatabaseDialect.H2.migrations())
                    .load()
                    .migrate();
            return database;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the in-memory database for " + purpose, e);
        }
    }

    /**
     * Drops the plain (not unique) indexes of these tables: a replay writes rows by primary key only, and every
     * index kept costs time on every row.
     */
    void dropPlainIndexes(String... tables) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement query = keeper.prepareStatement("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                + " WHERE INDEX_TYPE_NAME = 'INDEX' AND TABLE_NAME = ?")) {
            for (String table : tables) {
                query.setString(1, table.toUpperCase(Locale.ROOT));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        indexes.add(rows.getString(1));
                    }
                }
            }
        }
        try (Statement statement = keeper.createStatement()) {
            for (String index : indexes) {
                statement.execute("DROP INDEX \"" + index + "\"");
            }
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } catch (SQLException e) {
            // an in-memory database: nothing is left behind either way
        }
    }
}
