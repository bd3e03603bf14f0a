package org.opentask.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Hands the analytics' tracking processor the position of the tables a replay swaps in, whichever instance runs
 * that processor. Before the swap holds commands, the processor's token is claimed in the replay's name
 * ({@link #claim}, committed at once, on a connection of its own): the claim waits for the batch the processor is
 * storing, if any, and from then on a batch the processor handles fails to store its token and is rolled back,
 * instead of writing events the new tables already hold (their handlers are not idempotent) or waiting on a lock
 * that the renames wait on in turn. Inside the hold the token only takes the replay's last position
 * ({@link #take}: one update of a row no one else may write), so the processor's batch is never waited for while
 * commands wait. After the renames, and after the hold, the claim is kept a few seconds more ({@link #release}),
 * then released, and the processor, on any instance, claims the token again and goes on from the replay's
 * position. Should the swap fail, the token is put back as it was: the old tables stay, and so does the
 * processor's place in them.
 */
final class AnalyticsHandover implements AutoCloseable {

    /** Who holds the processor's token between the two steps. */
    static final String OWNER = "opentask-replay";

    private final Connection connection;
    private final Serializer serializer;
    /** The processor's token rows before {@link #take}: segment, token, type, timestamp; null before it. */
    private List<Object[]> before;

    /** Takes its connection at once: before the swap holds commands, whose connections it would wait for. */
    AnalyticsHandover(DataSource dataSource, Serializer serializer) throws SQLException {
        this.connection = dataSource.getConnection();
        this.serializer = serializer;
    }

    /**
     * Claims the processor's token in the replay's name, where it is; committed. Before the hold: it waits for a
     * batch the processor is storing.
     */
    void claim() throws SQLException {
        connection.setAutoCommit(false);
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT segment, token, token_type, timestamp"
                + " FROM token_entry WHERE processor_name = ? FOR UPDATE")) {
            select.setString(1, ProcessingGroups.TASK_ANALYTICS);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Object[] {result.getInt(1), result.getBytes(2), result.getString(3),
                            result.getString(4)});
                }
            }
        }
        String now = DateTimeUtils.formatInstant(Instant.now());
        if (rows.isEmpty()) {
            write("INSERT INTO token_entry (token, token_type, timestamp, owner, processor_name, segment)"
                    + " VALUES (?, ?, ?, ?, ?, 0)", null, null, now, OWNER);
        } else {
            write("UPDATE token_entry SET timestamp = ?, owner = ? WHERE processor_name = ?", now, OWNER);
        }
        connection.commit();
        before = rows;
    }

    /** The claimed token becomes {@code token}; committed. Inside the hold, after {@link #claim}. */
    void take(TrackingToken token) throws SQLException {
        SerializedObject<byte[]> serialized = token == null ? null : serializer.serialize(token, byte[].class);
        byte[] bytes = serialized == null ? null : serialized.getData();
        String type = serialized == null ? null : serialized.getType().getName();
        int taken = write("UPDATE token_entry SET token = ?, token_type = ?, timestamp = ? WHERE owner = ?"
                + " AND processor_name = ?", bytes, type, DateTimeUtils.formatInstant(Instant.now()), OWNER);
        connection.commit();
        if (taken == 0) {
            throw new IllegalStateException("The analytics' token was claimed by another owner during the replay");
        }
    }

    /**
     * Gives the token free, at the replay's position: after the swap, and after keeping the claim {@code keep} more
     * (its time renewed, so that it does not expire meanwhile). A processor that was running still holds its old
     * place in memory, and a free token is claimable by anyone: had it found the token free, it would have taken
     * it and gone on from that old place, handling again what the new tables hold. Within the time kept, each such
     * processor touches the token store (its next batch; or, idle, its claim extension, every 5 s by default),
     * finds the claim someone else's, and lets go; the next claim reads the replay's position.
     */
    void release(Duration keep) throws SQLException, InterruptedException {
        long until = System.nanoTime() + keep.toNanos();
        for (long left = keep.toMillis(); left > 0; left = (until - System.nanoTime()) / 1_000_000) {
            write("UPDATE token_entry SET timestamp = ? WHERE owner = ? AND processor_name = ?",
                    DateTimeUtils.formatInstant(Instant.now()), OWNER);
            connection.commit();
            Thread.sleep(Math.min(left, 1_000));
        }
        write("UPDATE token_entry SET owner = NULL WHERE owner = ? AND processor_name = ?", OWNER);
        connection.commit();
        before = null;
    }

    /** Puts the token back as it was, free, if it was taken and not released: after a failed swap. */
    void undo() throws SQLException {
        if (before == null) {
            return;
        }
        if (before.isEmpty()) {
            write("DELETE FROM token_entry WHERE owner = ? AND processor_name = ?", OWNER);
        }
        for (Object[] row : before) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE token_entry SET token = ?,"
                    + " token_type = ?, timestamp = ?, owner = NULL WHERE processor_name = ? AND segment = ?")) {
                update.setBytes(1, (byte[]) row[1]);
                update.setString(2, (String) row[2]);
                update.setString(3, (String) row[3]);
                update.setString(4, ProcessingGroups.TASK_ANALYTICS);
                update.setInt(5, (Integer) row[0]);
                update.executeUpdate();
            }
        }
        connection.commit();
        before = null;
    }

    /** Runs {@code sql} with {@code values}, then the processor's name, as its parameters; answers the rows changed. */
    private int write(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameter = 1;
            for (Object value : values) {
                if (value == null) {
                    statement.setString(parameter++, null);
                } else if (value instanceof byte[] bytes) {
                    statement.setBytes(parameter++, bytes);
                } else {
                    statement.setObject(parameter++, value);
                }
            }
            statement.setString(parameter, ProcessingGroups.TASK_ANALYTICS);
            return statement.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
