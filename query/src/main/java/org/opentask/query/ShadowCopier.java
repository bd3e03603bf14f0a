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
 * rows per {@code INSERT}, each table by a thread of its own.
 */
final class ShadowCopier {

    private static final Logger log = LoggerFactory.getLogger(ShadowCopier.class);

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
        for (ReplayTarget target : targets) {
            jdbc.sql("DROP TABLE IF EXISTS " + target.shadow()).update();
            dialect.createTableLike(jdbc, target.shadow(), target.table);
        }
        copyAll(scratch, targets);
        log.info("Replay copied the tables in {} s, using {} s of CPU here and waiting {} s for a CPU"
                        + " (both copying threads together)", ThreadTimes.seconds(System.nanoTime() - start),
                ThreadTimes.seconds(copierCpuNanos.get()), ThreadTimes.seconds(copierWaitNanos.get()));
    }

    private void copyAll(ScratchDatabase scratch, List<ReplayTarget> targets) throws Exception {
        copierCpuNanos.set(0);
        copierWaitNanos.set(0);
        ExecutorService copiers = Executors.newFixedThreadPool(targets.size(), runnable -> {
            Thread thread = new Thread(runnable, "projection-replay-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (ReplayTarget target : targets) {
                copies.add(copiers.submit(() -> {
                    long waitStart = ThreadTimes.cpuWaitNanos();
                    try (Connection staging = scratch.connect()) {
                        copy(staging, target.table, target.shadow());
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

    /** Copies a table of the scratch database into the service's database, many rows per INSERT. */
    private void copy(Connection staging, String table, String into) throws SQLException {
        try (Connection target = dataSource.getConnection();
             Statement read = staging.createStatement();
             ResultSet rows = read.executeQuery("SELECT * FROM " + table)) {
            target.setAutoCommit(false);
            ResultSetMetaData meta = rows.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>();
            int[] types = new int[columns];
            for (int i = 1; i <= columns; i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                types[i - 1] = meta.getColumnType(i);
            }
            String insert = "INSERT INTO " + into + " (" + String.join(", ", names) + ") VALUES ";
            String row = "(" + "?, ".repeat(columns - 1) + "?)";
            List<Object[]> buffer = new ArrayList<>(rowsPerInsert);
            try (PreparedStatement full = target.prepareStatement(insert + rows(row, rowsPerInsert))) {
                int statements = 0;
                while (rows.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = value(rows, i + 1, types[i]);
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

    private static void insert(PreparedStatement statement, List<Object[]> buffer) throws SQLException {
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
