package org.opentask.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows inserted with multi-row {@code INSERT ... VALUES (...), (...)} statements: one statement for a batch of up
 * to {@value #MOST} rows, where a JDBC batch costs one statement per row on MariaDB (whose bulk inserts are off:
 * see {@link MariaDbDialect}). Chunks are powers of two, so that a table sees at most ten statement shapes, each
 * prepared once per connection.
 */
final class MultiRowInsert {

    static final int MOST = 512;

    private MultiRowInsert() {
    }

    /** Inserts {@code rows} into {@code table (columns)}; each row holds one value per column, of {@code types}. */
    static void insert(JdbcTemplate template, String table, String columns, int[] types, List<Object[]> rows) {
        String marks = "(" + String.join(", ", Collections.nCopies(types.length, "?")) + ")";
        int from = 0;
        while (from < rows.size()) {
            int chunk = Integer.highestOneBit(Math.min(MOST, rows.size() - from));
            List<Object> values = new ArrayList<>(chunk * types.length);
            int[] chunkTypes = new int[chunk * types.length];
            for (int row = 0; row < chunk; row++) {
                Collections.addAll(values, rows.get(from + row));
                System.arraycopy(types, 0, chunkTypes, row * types.length, types.length);
            }
            template.update("INSERT INTO " + table + " (" + columns + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk, marks)), values.toArray(), chunkTypes);
            from += chunk;
        }
    }
}
