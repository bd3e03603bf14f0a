package org.opentask.app;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of the read-model tables as plain values, the same on H2 and MariaDB: times as {@link LocalDateTime},
 * whole numbers as {@code long}, text (also CLOB and MEDIUMTEXT) as {@code String}; column names in lower case.
 */
final class Tables {

    private Tables() {
    }

    /** Every row of {@code table}, ordered by its id. */
    static List<Map<String, Object>> dump(JdbcClient jdbc, String table) {
        return rows(jdbc, "SELECT * FROM " + table + " ORDER BY id");
    }

    static List<Map<String, Object>> rows(JdbcClient jdbc, String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Tables::row).list();
    }

    static Map<String, Object> single(JdbcClient jdbc, String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Tables::row).single();
    }

    /**
     * The differences between two dumps of one table, one line per differing cell, values cut short: empty when
     * the dumps are equal. Reads better than a failed equality of many large rows.
     */
    static List<String> differences(List<Map<String, Object>> before, List<Map<String, Object>> after) {
        List<String> differences = new java.util.ArrayList<>();
        if (before.size() != after.size()) {
            differences.add("rows: " + before.size() + " before, " + after.size() + " after");
        }
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            Map<String, Object> was = before.get(i);
            Map<String, Object> is = after.get(i);
            for (String column : was.keySet()) {
                if (!java.util.Objects.equals(was.get(column), is.get(column))) {
                    differences.add("row id=" + was.get("id") + " " + column + ": " + shortly(was.get(column))
                            + " before, " + shortly(is.get(column)) + " after");
                }
            }
        }
        return differences;
    }

    private static String shortly(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 60) + "...(" + text.length() + " chars)";
    }

    private static Map<String, Object> row(ResultSet rs, int rowNumber) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object value = switch (meta.getColumnType(i)) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, LocalDateTime.class);
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BIT, Types.BOOLEAN -> {
                    long number = rs.getLong(i);
                    yield rs.wasNull() ? null : number;
                }
                default -> rs.getString(i);
            };
            row.put(name, value);
        }
        return row;
    }
}
