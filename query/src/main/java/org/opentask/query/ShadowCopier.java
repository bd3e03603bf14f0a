package org.opentask.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replay's second phase, <b>copying</b>: the tables built in the scratch database go into the shadow tables of
 * the service's database (each made exactly like its live table, as the migrations have made it by now), many
 * rows per {@code INSERT}, two tables at a time, each by a thread of its own.
 */
final class ShadowCopier {

    private static final Logger log = LoggerFactory.getLogger(ShadowCopier.class);

    /** Rows read from the scratch table per query. */
    private static final int PAGE = 10_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final DatabaseDialect dialect;
    private final ReplayProgress progress;
    private final int rowsPerInsert;

    private final AtomicLong copierWaitNanos = new AtomicLong();
    private final AtomicLong copierCpuNanos = new AtomicLong();

    ShadowCopier(DataSource dataSource, JdbcClient jdbc, DatabaseDialect dialect, ReplayProgress progress,
                 int rowsPerInsert) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.progress = progress;
        this.rowsPerInsert = rowsPerInsert;
    }

    /** Makes each target's shadow table anew and copies its scratch table into it. */
    void copy(ScratchDatabase scratch, List<ReplayTarget> targets) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        try (Connection staging = scratch.connect(); Statement count = staging.createStatement()) {
            for (String table : ReplayTarget.tables(targets)) {
                try (ResultSet result = count.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    result.next();
                    rows += result.getLong(1);
                }
            }
        }
        progress.rowsToCopy(rows);
        for (String table : ReplayTarget.tables(targets)) {
            // and a table an earlier swap parked and could not rename back (DatabaseDialect.afterSwap)
            jdbc.sql("DROP TABLE IF EXISTS " + table + "_swap").update();
            jdbc.sql("DROP TABLE IF EXISTS " + ReplayTarget.shadow(table)).update();
            dialect.createTableLike(jdbc, ReplayTarget.shadow(table), table);
        }
        copyAll(scratch, targets);
        log.info("Replay copied the tables in {} s, using {} s of CPU here and waiting {} s for a CPU"
                        + " (both copying threads together)", ThreadTimes.seconds(System.nanoTime() - start),
                ThreadTimes.seconds(copierCpuNanos.get()), ThreadTimes.seconds(copierWaitNanos.get()));
    }

    private void copyAll(ScratchDatabase scratch, List<ReplayTarget> targets) throws Exception {
        copierCpuNanos.set(0);
        copierWaitNanos.set(0);
        List<String> tables = ReplayTarget.tables(targets);
        ExecutorService copiers = Executors.newFixedThreadPool(Math.min(2, tables.size()), runnable -> {
            Thread thread = new Thread(runnable, "projection-replay-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (String table : tables) {
                copies.add(copiers.submit(() -> {
                    long waitStart = ThreadTimes.cpuWaitNanos();
                    try (Connection staging = scratch.connect()) {
                        copy(staging, table, ReplayTarget.shadow(table));
                    }
                    copierCpuNanos.addAndGet(ThreadTimes.cpuNanos());
                    copierWaitNanos.addAndGet(ThreadTimes.cpuWaitNanos() - waitStart);
                    return null;
                }));
            }
            for (Future<?> copy : copies) {
                try {
                    copy.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            copiers.shutdownNow();
        }
    }

    /**
     * Copies a table of the scratch database into the service's database, many rows per INSERT. The table is read
     * a page at a time in the order of H2's row key ({@code _ROWID_}, the primary key where that is one number, else
     * the order of insertion), which every table has whatever its own key: one long cursor over a file-backed
     * scratch table would pin the store's old chunks for the whole copy.
     */
    private void copy(Connection staging, String table, String into) throws SQLException {
        try (Connection target = dataSource.getConnection();
             PreparedStatement page = staging.prepareStatement(
                     "SELECT _ROWID_, " + table + ".* FROM " + table + " WHERE _ROWID_ > ? ORDER BY _ROWID_ LIMIT "
                             + PAGE)) {
            target.setAutoCommit(false);
            List<Object[]> buffer = new ArrayList<>(rowsPerInsert);
            PreparedStatement full = null;
            String insert = null;
            String row = null;
            int[] types = null;
            int statements = 0;
            long after = Long.MIN_VALUE;
            int read = PAGE;
            try {
                while (read == PAGE) {
                    read = 0;
                    page.setLong(1, after);
                    try (ResultSet rows = page.executeQuery()) {
                        if (insert == null) {
                            ResultSetMetaData meta = rows.getMetaData();
                            types = new int[meta.getColumnCount() - 1];
                            List<String> names = new ArrayList<>();
                            for (int i = 1; i <= types.length; i++) {
                                names.add(meta.getColumnName(i + 1).toLowerCase(Locale.ROOT));
                                types[i - 1] = meta.getColumnType(i + 1);
                            }
                            insert = "INSERT INTO " + into + " (" + String.join(", ", names) + ") VALUES ";
                            row = "(" + "?, ".repeat(types.length - 1) + "?)";
                            full = target.prepareStatement(insert + rows(row, rowsPerInsert));
                        }
                        while (rows.next()) {
                            read++;
                            after = rows.getLong(1);
                            Object[] values = new Object[types.length];
                            for (int i = 0; i < types.length; i++) {
                                values[i] = value(rows, i + 2, types[i]);
                            }
                            buffer.add(values);
                            if (buffer.size() == rowsPerInsert) {
                                insert(full, buffer);
                                if (++statements % 20 == 0) {
                                    target.commit();
                                    progress.tick();
                                }
                            }
                        }
                    }
                }
            } finally {
                if (full != null) {
                    full.close();
                }
            }
            if (!buffer.isEmpty()) {
                try (PreparedStatement rest = target.prepareStatement(insert + rows(row, buffer.size()))) {
                    insert(rest, buffer);
                }
            }
            target.commit();
        }
    }

    private static String rows(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    private void insert(PreparedStatement statement, List<Object[]> buffer) throws SQLException {
        progress.copied(buffer.size());
        int parameter = 1;
        for (Object[] values : buffer) {
            for (Object value : values) {
                statement.setObject(parameter++, value);
            }
        }
        statement.executeUpdate();
        buffer.clear();
    }

    private static Object value(ResultSet rows, int column, int type) throws SQLException {
        return switch (type) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rows.getObject(column, LocalDateTime.class);
            case Types.CLOB, Types.NCLOB, Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.LONGVARCHAR ->
                    rows.getString(column);
            default -> rows.getObject(column);
        };
    }
}
