package org.opentask.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The service's own database, reached directly: for the ceiling probe, the seeding and the projection counts. */
record Database(String url, String user, String password) {

    static Database from(Options options) {
        return new Database(
                options.text("db", "jdbc:mariadb://127.0.0.1:3306/opentask"),
                options.text("db-user", "root"),
                options.text("db-password", ""));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    long count(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
