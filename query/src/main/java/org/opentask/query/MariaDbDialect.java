package org.opentask.query;

import java.util.LinkedHashMap;
import java.util.Map;

/** MariaDB, or any server reached through MariaDB's driver: MySQL's statements, and its driver's settings. */
final class MariaDbDialect extends MySqlDialect {

    @Override
    public String name() {
        return "MariaDB";
    }

    /**
     * MariaDB's driver sends a batch of inserts (the events of one command) as one bulk statement, for which the
     * server reserves auto-increment values in blocks and leaves the unused ones as holes in the event store's
     * global index: about one index in five under load. Every hole is carried in the tracking tokens of the
     * analytics processor until it times out, which took most of a 512 MiB heap (docs/performance.md). Inserted
     * one by one (still pipelined in one round trip), the events get consecutive indexes. A URL that sets the
     * driver's bulk options itself is left as it is.
     * <p>
     * Statements are prepared on the server once per connection and kept in the driver's cache (250 per
     * connection): without it the driver sends each statement's text every time, and the server parses it again.
     */
    @Override
    public Map<String, String> driverProperties(String jdbcUrl) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!jdbcUrl.contains("useBulkStmts")) {
            properties.put("useBulkStmtsForInserts", "false");
        }
        if (!jdbcUrl.contains("useServerPrepStmts")) {
            properties.put("useServerPrepStmts", "true");
        }
        return properties;
    }
}
