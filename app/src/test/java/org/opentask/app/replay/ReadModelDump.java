package org.opentask.app.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A dump of the read models, row for row, every column as the database prints it. */
record ReadModelDump(long events, List<String> tasks, List<String> log, List<String> stats) {

    static ReadModelDump dump(JdbcClient jdbc) {
        return new ReadModelDump(
                jdbc.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single(),
                rows(jdbc, "SELECT * FROM bot_task ORDER BY id"),
                rows(jdbc, "SELECT * FROM bot_task_log ORDER BY id"),
                rows(jdbc, "SELECT * FROM bot_task_daily_stats ORDER BY stat_date, assigned_to"));
    }

    /** Without one bot's tasks, their audit rows and its statistics. */
    ReadModelDump without(String bot, Set<Long> taskIds) {
        return new ReadModelDump(events,
                tasks.stream().filter(row -> !taskIds.contains(firstColumn(row))).toList(),
                log.stream().filter(row -> !taskIds.contains(Long.parseLong(row.split("\\|", 3)[1]))).toList(),
                stats.stream().filter(row -> !row.contains("|" + bot + "|")).toList());
    }

    /** Null when both dumps hold the same rows in the same order, else where they part. */
    String differenceTo(ReadModelDump other) {
        String tasksDiff = difference("bot_task", tasks, other.tasks);
        String logDiff = difference("bot_task_log", log, other.log);
        String statsDiff = difference("bot_task_daily_stats", stats, other.stats);
        return tasksDiff != null ? tasksDiff : logDiff != null ? logDiff : statsDiff;
    }

    private static String difference(String table, List<String> mine, List<String> theirs) {
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            if (!mine.get(i).equals(theirs.get(i))) {
                return table + " row " + i + ": " + mine.get(i) + "\n  versus " + theirs.get(i);
            }
        }
        return mine.size() == theirs.size() ? null
                : table + ": " + mine.size() + " rows versus " + theirs.size();
    }

    private static long firstColumn(String row) {
        return Long.parseLong(row.substring(0, row.indexOf('|')));
    }

    private static List<String> rows(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query((rs, n) -> {
            int columns = rs.getMetaData().getColumnCount();
            List<String> values = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                values.add(rs.getString(i));
            }
            return String.join("|", values);
        }).list();
    }
}
