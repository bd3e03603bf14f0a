package org.opentask.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
                    "jdbc:h2:mem:opentask-" + purpose + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=0;LOCK_TIMEOUT=10000");
            Flyway.configure()
                    .dataSource(database.url, "sa", "")
                    .locations("classpath:db/migration/h2")
                    .load()
                    .migrate();
            return database;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the in-memory database for " + purpose, e);
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
