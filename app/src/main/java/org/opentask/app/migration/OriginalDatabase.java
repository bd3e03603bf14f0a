package org.opentask.app.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database of an original OpenTask service ({@code bot_task}, {@code bot_task_log}, {@code bot_config}), read
 * and never written: every statement here is a {@code SELECT}, and the connection is read-only.
 */
final class OriginalDatabase implements AutoCloseable {

    /** A {@code bot_task} row as the original stored it. */
    record TaskRow(long id, String taskName, String taskDescription, String taskParams, String assignedTo,
                   String priority, String status, Integer progress, LocalDateTime createdTime,
                   LocalDateTime startedTime, LocalDateTime completedTime, String result, String errorMessage,
                   Integer retryCount, Integer maxRetry, String createdBy, Integer deleted, LocalDateTime updateTime) {
    }

    /** A {@code bot_task_log} row as the original stored it. */
    record LogRow(long id, long taskId, String action, String message, String oldStatus, String newStatus,
                  String operator, LocalDateTime createdTime) {
    }

    /** A {@code bot_config} row as the original stored it. */
    record BotRow(long id, String botName, String displayName, String description, Boolean active,
                  LocalDateTime createdTime, LocalDateTime updatedTime) {
    }

    private final Connection connection;

    private OriginalDatabase(Connection connection) {
        this.connection = connection;
    }

    static OriginalDatabase open(String url, String username, String password) throws SQLException {
        Connection connection = DriverManager.getConnection(url, username, password == null ? "" : password);
        connection.setReadOnly(true);
        return new OriginalDatabase(connection);
    }

    long countTasks() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM bot_task");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    long maxTaskId() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM bot_task");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The next {@code limit} tasks after id {@code after}, by id. */
    List<TaskRow> tasksAfter(long after, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, task_name, task_description,"
                + " task_params, assigned_to, priority, status, progress, created_time, started_time, completed_time,"
                + " result, error_message, retry_count, max_retry, created_by, deleted, update_time"
                + " FROM bot_task WHERE id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, after);
            statement.setInt(2, limit);
            List<TaskRow> tasks = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tasks.add(new TaskRow(rows.getLong("id"), rows.getString("task_name"),
                            rows.getString("task_description"), rows.getString("task_params"),
                            rows.getString("assigned_to"), rows.getString("priority"), rows.getString("status"),
                            integer(rows, "progress"), time(rows, "created_time"), time(rows, "started_time"),
                            time(rows, "completed_time"), rows.getString("result"), rows.getString("error_message"),
                            integer(rows, "retry_count"), integer(rows, "max_retry"), rows.getString("created_by"),
                            integer(rows, "deleted"), time(rows, "update_time")));
                }
            }
            return tasks;
        }
    }

    /** The audit rows of these tasks, each task's oldest first (by time, then by id as the original lists them). */
    Map<Long, List<LogRow>> logsOf(Collection<Long> taskIds) throws SQLException {
        Map<Long, List<LogRow>> logs = new LinkedHashMap<>();
        if (taskIds.isEmpty()) {
            return logs;
        }
        String in = taskIds.stream().map(id -> "?").collect(Collectors.joining(","));
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, task_id, action, message,"
                + " old_status, new_status, operator, created_time FROM bot_task_log WHERE task_id IN (" + in + ")"
                + " ORDER BY task_id, created_time, id")) {
            int i = 1;
            for (long id : taskIds) {
                statement.setLong(i++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LogRow row = new LogRow(rows.getLong("id"), rows.getLong("task_id"), rows.getString("action"),
                            rows.getString("message"), rows.getString("old_status"), rows.getString("new_status"),
                            rows.getString("operator"), time(rows, "created_time"));
                    logs.computeIfAbsent(row.taskId(), id -> new ArrayList<>()).add(row);
                }
            }
        }
        return logs;
    }

    /** Every {@code bot_config} row; none when the original never had the table (it came with its web pages). */
    List<BotRow> bots() throws SQLException {
        if (!hasTable("bot_config")) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, bot_name, display_name,"
                + " description, is_active, created_time, updated_time FROM bot_config ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            List<BotRow> bots = new ArrayList<>();
            while (rows.next()) {
                Object active = rows.getObject("is_active");
                bots.add(new BotRow(rows.getLong("id"), rows.getString("bot_name"), rows.getString("display_name"),
                        rows.getString("description"), active == null ? null : rows.getBoolean("is_active"),
                        time(rows, "created_time"), time(rows, "updated_time")));
            }
            return bots;
        }
    }

    private boolean hasTable(String name) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
            return tables.next();
        }
    }

    private static Integer integer(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    private static LocalDateTime time(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
