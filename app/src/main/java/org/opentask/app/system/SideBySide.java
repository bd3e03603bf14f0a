package org.opentask.app.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * The engine pointed at an original OpenTask's own database. The original's {@code bot_task} and
 * {@code bot_task_log} have the names of this engine's read models but other columns, and triggers that would write
 * rows of their own on every change: the engine never touches them. It finds them at start (a {@code bot_task}
 * whose {@code id} is {@code AUTO_INCREMENT}, as only the original's is) and then keeps every table of its own in a
 * database beside it on the same server, {@code <database>_opentask} ({@code opentask.side-by-side-database}),
 * created when missing. The original's database is only read, by the import (docs/migration.md).
 */
final class SideBySide {

    static final String SUFFIX = "_opentask";
    private static final Logger log = LoggerFactory.getLogger(SideBySide.class);

    private SideBySide() {
    }

    /** The database the engine's connections work in; null: the one the URL names, as usual. */
    static String engineDatabase(DataSourceProperties properties, String configured) {
        String url = properties.determineUrl();
        if (url == null || !(url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:"))) {
            return null;
        }
        try (Connection connection = DriverManager.getConnection(url, properties.determineUsername(),
                properties.determinePassword());
             Statement statement = connection.createStatement()) {
            String database = connection.getCatalog();
            if (database == null || database.isEmpty() || !holdsTheOriginal(statement)) {
                return null;
            }
            String engine = configured == null || configured.isBlank() ? database + SUFFIX : configured.trim();
            if (!engine.matches("[A-Za-z0-9_$]{1,64}") || engine.equals(database)) {
                throw new IllegalStateException("opentask.side-by-side-database must name another database"
                        + " (letters, digits, _ and $, at most 64), got '" + engine + "'");
            }
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + engine + "` CHARACTER SET utf8mb4"
                    + " COLLATE utf8mb4_unicode_ci");
            log.warn("Database {} holds the original OpenTask's tables: they are left as they are, and this engine"
                    + " keeps its own tables in database {} beside it (docs/migration.md)", database, engine);
            return engine;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look for the original OpenTask's tables in " + url + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean holdsTheOriginal(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'bot_task' AND COLUMN_NAME = 'id'"
                + " AND EXTRA LIKE '%auto_increment%'")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }
}
