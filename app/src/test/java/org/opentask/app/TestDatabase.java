package org.opentask.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the tests run against, chosen with {@code -Dopentask.test.db=h2|mariadb} (default h2).
 * MariaDB: a fresh database, created once per JVM, on the server at {@code opentask.test.mariadb.url}
 * (default {@code jdbc:mariadb://127.0.0.1:3306/}, user root, empty password), named by
 * {@code opentask.test.mariadb.database} (default {@code opentask_test}).
 */
public final class TestDatabase {

    public static final String KIND = System.getProperty("opentask.test.db", "h2");
    private static final String MARIADB_SERVER =
            System.getProperty("opentask.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    private static final String MARIADB_USER = System.getProperty("opentask.test.mariadb.user", "root");
    private static final String MARIADB_PASSWORD = System.getProperty("opentask.test.mariadb.password", "");
    private static final String MARIADB_DATABASE =
            System.getProperty("opentask.test.mariadb.database", "opentask_test");

    private static boolean mariadbCreated;

    private TestDatabase() {
    }

    public static boolean isMariaDb() {
        return "mariadb".equals(KIND);
    }

    /** Points a Spring context at a database of its own kind; each new context gets an empty database. */
    public static void register(DynamicPropertyRegistry registry) {
        String url = newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> isMariaDb() ? MARIADB_USER : "sa");
        registry.add("spring.datasource.password", () -> isMariaDb() ? MARIADB_PASSWORD : "");
        // a suite keeps several contexts open on one server, beside other suites: connections open on demand
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }

    public static synchronized String newDatabaseUrl() {
        if (!isMariaDb()) {
            return "jdbc:h2:mem:opentask-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        return newMariaDbDatabaseUrl();
    }

    /** A new, empty database on the test MariaDB, whichever database the suite runs on. */
    public static synchronized String newMariaDbDatabaseUrl() {
        String name = MARIADB_DATABASE + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        try (Connection connection = DriverManager.getConnection(MARIADB_SERVER, MARIADB_USER, MARIADB_PASSWORD);
             Statement statement = connection.createStatement()) {
            if (!mariadbCreated) {
                // databases left by earlier runs of this suite
                var old = statement.executeQuery("SHOW DATABASES LIKE '" + MARIADB_DATABASE + "\\_%'");
                java.util.List<String> stale = new java.util.ArrayList<>();
                while (old.next()) {
                    stale.add(old.getString(1));
                }
                for (String db : stale) {
                    statement.execute("DROP DATABASE IF EXISTS `" + db + "`");
                }
                mariadbCreated = true;
            }
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB for the tests is not reachable at " + MARIADB_SERVER
                    + " (start it, or run the tests on H2 without -Dopentask.test.db=mariadb)", e);
        }
        return MARIADB_SERVER + name;
    }
}
