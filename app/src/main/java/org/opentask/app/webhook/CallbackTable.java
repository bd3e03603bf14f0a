package org.opentask.app.webhook;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Every statement on {@code webhook_callback}: the callback URL of a task that has not ended yet. */
final class CallbackTable {

    private final JdbcClient jdbc;

    CallbackTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long taskId, String url) {
        if (find(taskId).isEmpty()) {
            jdbc.sql("INSERT INTO webhook_callback (task_id, url) VALUES (?, ?)").params(taskId, url).update();
        }
    }

    Optional<String> find(long taskId) {
        return jdbc.sql("SELECT url FROM webhook_callback WHERE task_id = ?").param(taskId)
                .query(String.class).optional();
    }

    void delete(long taskId) {
        jdbc.sql("DELETE FROM webhook_callback WHERE task_id = ?").param(taskId).update();
    }
}
