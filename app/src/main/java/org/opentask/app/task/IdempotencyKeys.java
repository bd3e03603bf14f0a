package org.opentask.app.task;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_key} table: per caller and key, the hash of the request that first used the key and the
 * task it created. Its primary key makes the database decide between duplicates that arrive at the same moment,
 * on any connection of any instance. Keys are forgotten after {@code opentask.idempotency.retention}.
 */
@Component
record IdempotencyKeys(JdbcClient jdbc, Clock clock, IdempotencyProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    /** What a key holds; {@code expired} keys are past the retention and may be taken again. */
    record Stored(String requestHash, Long taskId, boolean expired) {
    }

    Optional<Stored> find(String caller, String key) {
        LocalDateTime oldestKept = oldestKept();
        return jdbc.sql("SELECT request_hash, task_id, created_time FROM idempotency_key"
                        + " WHERE caller = ? AND idempotency_key = ?")
                .params(caller, key)
                .query((rs, row) -> new Stored(rs.getString("request_hash"), rs.getObject("task_id", Long.class),
                        rs.getObject("created_time", LocalDateTime.class).isBefore(oldestKept)))
                .optional();
    }

    /**
     * Takes the key for a request, in the caller's transaction. A duplicate waits here until the transaction that
     * took the key first ends, then fails with a duplicate key (it committed) or succeeds (it rolled back).
     */
    void reserve(String caller, String key, String requestHash) {
        jdbc.sql("INSERT INTO idempotency_key (caller, idempotency_key, request_hash, task_id, created_time)"
                        + " VALUES (?, ?, ?, NULL, ?)")
                .params(caller, key, requestHash, LocalDateTime.now(clock))
                .update();
    }

    /** Forgets a key that is past the retention, so that it can be taken again. */
    void forgetIfExpired(String caller, String key) {
        jdbc.sql("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ? AND created_time < ?")
                .params(caller, key, oldestKept())
                .update();
    }

    /** Records the task the key created, in the same transaction as {@link #reserve}. */
    void attach(String caller, String key, long taskId) {
        jdbc.sql("UPDATE idempotency_key SET task_id = ? WHERE caller = ? AND idempotency_key = ?")
                .params(taskId, caller, key)
                .update();
    }

    @Scheduled(fixedDelayString = "${opentask.idempotency.cleanup-interval:1h}",
            initialDelayString = "${opentask.idempotency.cleanup-interval:1h}")
    void forgetExpired() {
        int forgotten = jdbc.sql("DELETE FROM idempotency_key WHERE created_time < ?").param(oldestKept()).update();
        if (forgotten > 0) {
            log.info("Forgot {} idempotency keys older than {}", forgotten, properties.retention());
        }
    }

    private LocalDateTime oldestKept() {
        return LocalDateTime.now(clock).minus(properties.retention());
    }
}
