package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leases and retries kept on the task's row: several instances sweeping one database, and a service stopped and
 * started again.
 */
class DurableTimersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void with_two_instances_on_one_database_each_lease_ends_once() {
        Map<String, String> database = RunningService.newDatabase();
        String bot = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        int tasks = 20;
        try (RunningService a = RunningService.start(database); RunningService b = RunningService.start(database)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                RunningService creator = i % 2 == 0 ? a : b;
                RunningService starter = i % 2 == 0 ? b : a;
                long id = creator.api.post("/api/tasks", "{\"task_name\":\"t" + i + "\",\"assigned_to\":\"" + bot
                        + "\",\"timeout_seconds\":2}").json().get("id").asLong();
                assertThat(starter.api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
                ids.add(id);
            }

            awaitCount(a, "/api/tasks?status=failed&assigned_to=" + bot, tasks, Duration.ofSeconds(60));
            TimerApiTest.sleep(Duration.ofSeconds(1));

            for (long id : ids) {
                assertThat(a.jdbc().sql("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ? AND action = 'expire'")
                        .param(id).query(Long.class).single()).isEqualTo(1);
            }
            assertThat(a.jdbc().sql("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = ?")
                    .param("org.opentask.api.TaskLeaseExpiredEvent").query(Long.class).single()).isEqualTo(tasks);
            assertThat(a.jdbc().sql("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?"
                    + " AND lease_expires_time IS NOT NULL").param(bot).query(Long.class).single()).isZero();
        }
    }

    @Test
    void a_lease_set_before_a_restart_ends_after_it() throws SQLException {
        Map<String, String> database = RunningService.newDatabase();
        String bot = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        long id;
        LocalDateTime leaseEnd;
        try (RunningService first = RunningService.start(database)) {
            id = first.api.post("/api/tasks", "{\"task_name\":\"survives\",\"assigned_to\":\"" + bot
                    + "\",\"timeout_seconds\":8}").json().get("id").asLong();
            JsonNode started = first.api.put("/api/tasks/" + id + "/start").json();
            leaseEnd = TimerApiTest.time(started.get("lease_expires_time"));
        }

        // between the two lives: the task still runs, its lease end waits on its row
        try (Connection connection = DriverManager.getConnection(database.get("spring.datasource.url"),
                database.get("spring.datasource.username"), database.get("spring.datasource.password"))) {
            assertThat(single(connection, "SELECT status FROM bot_task WHERE id = ?", id)).isEqualTo("running");
            assertThat(LocalDateTime.parse(single(connection, "SELECT lease_expires_time FROM bot_task WHERE id = ?",
                    id).replace(' ', 'T')).truncatedTo(ChronoUnit.SECONDS)).isEqualTo(leaseEnd);
        }

        try (RunningService second = RunningService.start(database)) {
            JsonNode failed = awaitStatus(second, id, "failed", Duration.ofSeconds(60));
            assertThat(failed.get("error_message").asString()).startsWith("Lease expired");
            JsonNode expire = second.api.get("/api/logs/" + id).json().get(0);
            assertThat(expire.get("action").asString()).isEqualTo("expire");
            assertThat(expire.get("operator").asString()).isEqualTo("system");
            assertThat(TimerApiTest.time(expire.get("created_time"))).isAfterOrEqualTo(leaseEnd);
            assertThat(second.jdbc().sql("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                    + " AND payload_type = 'org.opentask.api.TaskLeaseExpiredEvent'")
                    .param(Long.toString(id)).query(Long.class).single()).isEqualTo(1);
        }
    }

    private static void awaitCount(RunningService service, String path, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (service.api.get(path).json().size() < expected) {
            assertThat(System.nanoTime()).as("%d tasks at %s in %s", expected, path, timeout).isLessThan(deadline);
            TimerApiTest.sleep(Duration.ofMillis(100));
        }
    }

    private static JsonNode awaitStatus(RunningService service, long id, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task = service.api.get("/api/tasks/" + id).json();
        while (!status.equals(task.get("status").asString())) {
            assertThat(System.nanoTime()).as("task %d %s in %s: %s", id, status, timeout, task).isLessThan(deadline);
            TimerApiTest.sleep(Duration.ofMillis(100));
            task = service.api.get("/api/tasks/" + id).json();
        }
        return task;
    }

    private static String single(Connection connection, String sql, Object param) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, param);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
