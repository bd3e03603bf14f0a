package org.opentask.app.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opentask.app.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database of the original OpenTask service on the test MariaDB: its own schema (tables, triggers, views) and the
 * rows its own service wrote (src/test/resources/original, made by make-fixture.sh), and what that service answered.
 */
final class OriginalFixture {

    /** The highest task id of hope_engine.sql; bad-rows.sql adds tasks 16 and 17. */
    static final long MAX_ID = 15;
    static final String USER = System.getProperty("opentask.test.mariadb.user", "root");
    static final String PASSWORD = System.getProperty("opentask.test.mariadb.password", "");

    final String url;

    private OriginalFixture(String url) {
        this.url = url;
    }

    /** A new database holding the original's schema and rows, and the rows of {@code moreRows} (files). */
    static OriginalFixture create(String... moreRows) throws Exception {
        OriginalFixture fixture = new OriginalFixture(TestDatabase.newMariaDbDatabaseUrl());
        fixture.load("schema.sql");
        fixture.load("hope_engine.sql");
        for (String file : moreRows) {
            fixture.load(file);
        }
        // last: the triggers would write audit rows of their own for the rows loaded
        fixture.load("triggers.sql");
        return fixture;
    }

    /** The original's answers: {@code tasks} and {@code logs} by id, {@code list}. */
    static JsonNode answers() throws IOException {
        try (InputStream in = resource("answers.json")) {
            return JsonMapper.builder().build().readTree(in);
        }
    }

    /** Runs a SQL file of the fixture, with the mysql client's {@code DELIMITER} lines understood. */
    void load(String file) throws Exception {
        String text;
        try (InputStream in = resource(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            String delimiter = ";";
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                String trimmed = line.strip();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                    continue;
                }
                if (trimmed.startsWith("DELIMITER ")) {
                    delimiter = trimmed.substring("DELIMITER ".length()).strip();
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(delimiter)) {
                    String sql = current.toString().strip();
                    statement.execute(sql.substring(0, sql.length() - delimiter.length()));
                    current.setLength(0);
                }
            }
        }
    }

    /** Each of the original's tables with its row count and checksum: equal maps, unchanged tables. */
    Map<String, String> checksums() throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : new String[] {"bot_task", "bot_task_log", "bot_config"}) {
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    sums.put(table + " rows", rows.getString(1));
                }
                try (ResultSet rows = statement.executeQuery("CHECKSUM TABLE " + table + " EXTENDED")) {
                    rows.next();
                    sums.put(table + " checksum", rows.getString(2));
                }
                try (ResultSet rows = statement.executeQuery("SHOW CREATE TABLE " + table)) {
                    rows.next();
                    sums.put(table + " schema", rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM information_schema.TRIGGERS"
                    + " WHERE TRIGGER_SCHEMA = DATABASE()")) {
                rows.next();
                sums.put("triggers", rows.getString(1));
            }
        }
        return sums;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    private static InputStream resource(String file) {
        InputStream in = OriginalFixture.class.getResourceAsStream("/original/" + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource original/" + file);
        }
        return in;
    }
}
