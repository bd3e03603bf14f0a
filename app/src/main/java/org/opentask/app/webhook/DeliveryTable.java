package org.opentask.app.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every statement on {@code webhook_delivery} and on its attempts, {@code webhook_attempt}. A delivery is
 * {@code pending} until an attempt is answered with a 2xx ({@code delivered}) or its retry window closes
 * ({@code failed}); a sender owns it while {@code claimed_until} lies ahead.
 */
final class DeliveryTable {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private static final String COLUMNS = "d.id, d.message_id, d.subscription_id, d.url, d.event_type, d.task_id, "
            + "d.status, d.attempts, d.created_millis, d.next_attempt_millis, d.retry_until_millis, "
            + "d.last_status_code, d.finished_millis";

    private final JdbcClient jdbc;
    private final ZoneId zone;

    DeliveryTable(JdbcClient jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /** One attempt as it is stored: no status code when no answer came. */
    record Attempt(long attemptedMillis, Integer statusCode, int durationMillis, String error, String excerpt) {
    }

    /** A delivery as the sender needs it: the message, where it goes, and the secret to sign it with. */
    record Outgoing(long id, String messageId, Long subscriptionId, String url, String body, int attempts,
                    long retryUntilMillis, String secret) {
    }

    /**
     * A new delivery, due at once; false when the message is there already. That happens only when the processor's
     * token was reset: its token moves in the transaction that inserts, so an event is otherwise handled once.
     */
    boolean insert(String messageId, Long subscriptionId, String url, String eventType, long taskId, String body,
                   long nowMillis, long retryUntilMillis) {
        try {
            jdbc.sql("INSERT INTO webhook_delivery (message_id, subscription_id, url, event_type, task_id, body, "
                            + "status, attempts, created_millis, next_attempt_millis, retry_until_millis) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
                    .params(messageId, subscriptionId, url, eventType, taskId, body, PENDING, nowMillis, nowMillis,
                            retryUntilMillis)
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** A delivery that is due, and where it goes. */
    record Due(long id, String url) {
    }

    /**
     * Up to {@code limit} deliveries due by {@code nowMillis} that no sender holds, the most overdue first, leaving
     * out those to {@code busyUrls}: a target that cannot take more now does not fill the list for the others.
     */
    List<Due> due(long nowMillis, int limit, Collection<String> busyUrls) {
        return jdbc.sql("SELECT d.id, d.url FROM webhook_delivery d "
                        + "LEFT JOIN webhook_subscription s ON s.id = d.subscription_id "
                        + "WHERE d.status = :pending AND d.next_attempt_millis <= :now "
                        + "AND (d.claimed_until IS NULL OR d.claimed_until < :now) "
                        + "AND (d.subscription_id IS NULL OR s.enabled = :enabled) "
                        + (busyUrls.isEmpty() ? "" : "AND d.url NOT IN (:busy) ")
                        + "ORDER BY d.next_attempt_millis, d.id LIMIT " + limit)
                .param("pending", PENDING)
                .param("now", nowMillis)
                .param("enabled", true)
                .param("busy", busyUrls.isEmpty() ? List.of("") : busyUrls)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2))).list();
    }

    /** The earliest time a pending delivery falls due, if any: how long the sender may sleep. */
    Optional<Long> nextDue() {
        return jdbc.sql("SELECT MIN(next_attempt_millis) FROM webhook_delivery WHERE status = ?")
                .param(PENDING).query((rs, n) -> nullable(rs, rs.getLong(1))).optional();
    }

    /**
     * Takes the delivery for {@code owner} until {@code untilMillis}, if it is still due and free: one conditional
     * UPDATE, so of several senders exactly one gets it.
     */
    boolean claim(long id, String owner, long nowMillis, long untilMillis) {
        return jdbc.sql("UPDATE webhook_delivery SET claimed_by = ?, claimed_until = ? WHERE id = ? AND status = ? "
                        + "AND next_attempt_millis <= ? AND (claimed_until IS NULL OR claimed_until < ?)")
                .params(owner, untilMillis, id, PENDING, nowMillis, nowMillis)
                .update() == 1;
    }

    Optional<Outgoing> outgoing(long id) {
        return jdbc.sql("SELECT d.id, d.message_id, d.subscription_id, d.url, d.body, d.attempts, "
                        + "d.retry_until_millis, s.secret FROM webhook_delivery d "
                        + "LEFT JOIN webhook_subscription s ON s.id = d.subscription_id WHERE d.id = ?")
                .param(id)
                .query((rs, n) -> new Outgoing(rs.getLong(1), rs.getString(2), nullable(rs, rs.getLong(3)),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getString(8)))
                .optional();
    }

    /** An attempt made: its row, and the delivery's new state (run both in one transaction). */
    void recordAttempt(long id, String owner, Attempt attempt, String status, Long nextAttemptMillis) {
        jdbc.sql("INSERT INTO webhook_attempt (delivery_id, attempted_millis, status_code, duration_millis, error, "
                        + "response_excerpt) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, attempt.attemptedMillis(), attempt.statusCode(), attempt.durationMillis(),
                        attempt.error(), attempt.excerpt())
                .update();
        jdbc.sql("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, next_attempt_millis = ?, "
                        + "claimed_by = NULL, claimed_until = NULL, last_status_code = ?, finished_millis = ? "
                        + "WHERE id = ? AND claimed_by = ?")
                .params(status, nextAttemptMillis == null ? attempt.attemptedMillis() : nextAttemptMillis,
                        attempt.statusCode(), PENDING.equals(status) ? null : attempt.attemptedMillis(), id, owner)
                .update();
    }

    /** Gives back what {@code owner} still holds, when it stops. */
    int release(String owner) {
        return jdbc.sql("UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?")
                .param(owner).update();
    }

    /** Sends the delivery again from now, with a fresh retry window; false when there is no such delivery. */
    boolean redeliver(long id, long nowMillis, long retryUntilMillis) {
        return jdbc.sql("UPDATE webhook_delivery SET status = ?, next_attempt_millis = ?, retry_until_millis = ?, "
                        + "finished_millis = NULL WHERE id = ?")
                .params(PENDING, nowMillis, retryUntilMillis, id)
                .update() == 1;
    }

    void deleteOfSubscription(long subscriptionId) {
        jdbc.sql("DELETE FROM webhook_attempt WHERE delivery_id IN "
                + "(SELECT id FROM webhook_delivery WHERE subscription_id = ?)").param(subscriptionId).update();
        jdbc.sql("DELETE FROM webhook_delivery WHERE subscription_id = ?").param(subscriptionId).update();
    }

    Optional<Webhooks.DeliveryView> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery d WHERE d.id = ?").param(id)
                .query(this::view).optional();
    }

    /** The newest deliveries first, filtered by whichever of subscription, task and status are given. */
    List<Webhooks.DeliveryView> list(Long subscriptionId, Long taskId, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_delivery d WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (subscriptionId != null) {
            sql.append(" AND d.subscription_id = ?");
            params.add(subscriptionId);
        }
        if (taskId != null) {
            sql.append(" AND d.task_id = ?");
            params.add(taskId);
        }
        if (status != null) {
            sql.append(" AND d.status = ?");
            params.add(status);
        }
        sql.append(" ORDER BY d.id DESC LIMIT ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::view).list();
    }

    List<Webhooks.AttemptView> attempts(long deliveryId) {
        return jdbc.sql("SELECT attempted_millis, status_code, duration_millis, error, response_excerpt "
                        + "FROM webhook_attempt WHERE delivery_id = ? ORDER BY id")
                .param(deliveryId)
                .query((rs, n) -> new Webhooks.AttemptView(time(rs.getLong(1)), nullable(rs, rs.getInt(2)),
                        rs.getInt(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** The body a delivery sends: the same bytes on every attempt. */
    Optional<String> body(long id) {
        return jdbc.sql("SELECT body FROM webhook_delivery WHERE id = ?").param(id).query(String.class).optional();
    }

    private Webhooks.DeliveryView view(ResultSet rs, int n) throws SQLException {
        boolean pending = PENDING.equals(rs.getString("status"));
        return new Webhooks.DeliveryView(rs.getLong("id"), rs.getString("message_id"),
                nullable(rs, rs.getLong("subscription_id")), rs.getString("url"), rs.getString("event_type"),
                rs.getLong("task_id"), rs.getString("status"), rs.getInt("attempts"),
                time(rs.getLong("created_millis")),
                pending ? time(nullable(rs, rs.getLong("next_attempt_millis"))) : null,
                nullable(rs, rs.getInt("last_status_code")), time(nullable(rs, rs.getLong("finished_millis"))), null);
    }

    private LocalDateTime time(Long millis) {
        return millis == null ? null : LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone);
    }

    /** The value just read from {@code rs}, or null when the column was SQL NULL. */
    private static <T> T nullable(ResultSet rs, T value) throws SQLException {
        return rs.wasNull() ? null : value;
    }
}
