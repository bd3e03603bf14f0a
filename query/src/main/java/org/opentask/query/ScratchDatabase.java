package org.opentask.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;

/**
 * A private H2 database with the read models' schema, made by the same H2 migrations as the service's own
 * database, so its tables always have today's columns. The projections' own handlers write into it: a replay
 * builds the new tables there without a round trip per event, and a task's past is folded there and thrown away.
 * <p>
 * A task's past is small and lives in memory ({@link #inMemory}). A replay's tables are as large as the store, so
 * they live in files of a directory of their own ({@link #onDisk}), behind a cache of a fixed size: the heap a
 * replay takes does not grow with the store. The files are deleted when the database is closed.
 */
final class ScratchDatabase implements AutoCloseable {

    /** Every handler's statement stays parsed; a fold waits for another on the same task. */
    private static final String SETTINGS = ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64";

    /**
     * The files are thrown away at the end, so their free space is never worth reclaiming: left on, H2's background
     * writer kept reading half-empty chunks back and writing their rows again (a tenth of a replay's allocation and
     * of its CPU, profiled at 100k tasks). Chunks whose pages all died are still reused.
     */
    private static final String NO_COMPACTION = ";AUTO_COMPACT_FILL_RATE=0";

    private final String url;
    private final Path directory;
    /** An H2 database stays open as long as one connection to it is open. */
    private final Connection keeper;

    private ScratchDatabase(String url, Path directory) throws SQLException {
        this.url = url;
        this.directory = directory;
        this.keeper = DriverManager.getConnection(url, "sa", "");
    }

    /** A database in memory, for small work: gone with its last connection. */
    static ScratchDatabase inMemory(String purpose) {
        try {
            return migrated(new ScratchDatabase("jdbc:h2:mem:opentask-" + purpose + "-" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=0" + SETTINGS, null));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the in-memory database for " + purpose, e);
        }
    }

    /**
     * A database in a new directory under {@code parent} (the system's temporary directory when null), which
     * keeps at most {@code cacheMegabytes} of it in memory. Its tables are to be read a page at a time.
     */
    static ScratchDatabase onDisk(String purpose, Path parent, int cacheMegabytes) {
        Path directory = null;
        try {
            directory = parent == null ? Files.createTempDirectory("opentask-" + purpose + "-")
                    : Files.createTempDirectory(Files.createDirectories(parent), "opentask-" + purpose + "-");
            return migrated(new ScratchDatabase("jdbc:h2:file:" + directory.resolve(purpose).toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + cacheMegabytes * 1024 + NO_COMPACTION
                    + SETTINGS, directory));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the " + purpose + " database", e);
        } catch (SQLException | RuntimeException e) {
            delete(directory);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Cannot create the " + purpose + " database in " + directory, e);
        }
    }

    private static ScratchDatabase migrated(ScratchDatabase database) {
        try {
            Flyway.configure()
                    .dataSource(database.url, "sa", "")
                    .locations(DatabaseDialect.H2.migrations())
                    .load()
                    .migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
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

    /** Closes the database (every connection to it) and deletes its files. */
    @Override
    public void close() {
        try (Statement statement = keeper.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // closed already
        }
        try {
            keeper.close();
        } catch (SQLException e) {
            // closed with the database
        }
        delete(directory);
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the scratch database in " + directory, e);
        }
    }
}
