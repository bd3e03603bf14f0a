package org.opentask.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database server did, from MariaDB's (or MySQL's) global status counters read before and after the
 * measured seconds: statements, commits, {@code SET} statements (autocommit switches among them) and statement
 * prepares, and the temporary tables statements needed (on disk among them). Counts per cycle do not depend on
 * the machine. The counters are the server's: run it for the benchmark alone (bench/bench.sh starts one of its
 * own), or everything else it serves is counted too.
 */
final class StatementCounts {

    /** The counters shown, with the names they are shown under. */
    private static final Map<String, String> SHOWN = new LinkedHashMap<>();

    static {
        SHOWN.put("Questions", "statements");
        SHOWN.put("Com_commit", "commits");
        SHOWN.put("Com_rollback", "rollbacks");
        SHOWN.put("Com_select", "selects");
        SHOWN.put("Com_insert", "inserts");
        SHOWN.put("Com_update", "updates");
        SHOWN.put("Com_delete", "deletes");
        SHOWN.put("Com_set_option", "SET");
        SHOWN.put("Com_stmt_prepare", "prepares");
        SHOWN.put("Com_stmt_execute", "prepared executions");
        SHOWN.put("Created_tmp_tables", "temporary tables");
        SHOWN.put("Created_tmp_disk_tables", "on disk");
    }

    /** What this class itself adds around the measured seconds: one SHOW, which also fills one temporary table. */
    private static final Map<String, Long> OWN = Map.of("Questions", 1L, "Created_tmp_tables", 1L);

    private final Database server;
    private Map<String, Long> before;

    StatementCounts(Database server) {
        this.server = server;
    }

    void start() throws SQLException {
        before = read();
    }

    /** One line, per cycle and per command, of every counter shown. */
    String perCycle(long cycles, int commandsPerCycle) throws SQLException {
        Map<String, Long> after = read();
        StringBuilder line = new StringBuilder("database per cycle:");
        StringBuilder result = new StringBuilder("RESULT statements");
        for (Map.Entry<String, String> counter : SHOWN.entrySet()) {
            long used = after.getOrDefault(counter.getKey(), 0L) - before.getOrDefault(counter.getKey(), 0L);
            used -= OWN.getOrDefault(counter.getKey(), 0L);
            double perCycle = used / (double) Math.max(1, cycles);
            line.append(String.format(" %s %.2f,", counter.getValue(), perCycle));
            result.append(String.format(" %s=%.2f", counter.getKey().toLowerCase(), perCycle));
        }
        long commits = after.getOrDefault("Com_commit", 0L) - before.getOrDefault("Com_commit", 0L);
        line.setLength(line.length() - 1);
        line.append(String.format("%ncommits per command: %.2f (%d commands per cycle)",
                commits / (double) Math.max(1, cycles * commandsPerCycle), commandsPerCycle));
        return line + System.lineSeparator() + result;
    }

    private Map<String, Long> read() throws SQLException {
        Map<String, Long> counters = new LinkedHashMap<>();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ("
                     + String.join(", ", SHOWN.keySet().stream().map(name -> "'" + name + "'").toList()) + ")")) {
            while (rs.next()) {
                counters.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counters;
    }

    static List<String> counters() {
        return List.copyOf(SHOWN.keySet());
    }
}
