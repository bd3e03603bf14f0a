package org.opentask.query;

import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code projection_replay} row: one replay at a time runs on a database, claimed on this row, which also
 * carries its phase, counts and estimate of the seconds left, so that every instance reports it alike. The replay
 * this instance runs counts here first, fresher than the row, which it writes at most twice a second.
 */
final class ReplayProgress {

    /** A replay whose instance has not reported for this long is taken for dead: another may start. */
    private static final long STALE_MILLIS = 120_000;
    private static final long REPORT_EVERY_MILLIS = 500;

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final String owner;

    // the progress of the replay this instance runs, fresher than the row
    private volatile boolean runningHere;
    private volatile String phase = "starting";
    private volatile long eventsDone;
    private volatile long eventsTotal;
    private volatile long lastReport;
    // what the events do not count: the copy of the scratch tables, timed per phase for seconds_left
    private final AtomicLong rowsCopied = new AtomicLong();
    private volatile long rowsToCopy;
    private volatile long readingSince;
    private volatile long copyingSince;
    private volatile double readRate;
    /** Rows copied per second by the last replay here; before the first, copying is taken to go as fast as reading. */
    private volatile double lastCopyRate;

    ReplayProgress(JdbcClient jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The replay running now, on any instance, or else the last one. */
    ReplayStatus status() {
        // read before the row: finish() writes the row, then clears the flag, so a row still running read after
        // the flag was cleared would give the row's older count, and the count would go back
        boolean here = runningHere;
        long doneHere = eventsDone;
        long totalHere = eventsTotal;
        return jdbc.sql("SELECT state, phase, projection, owner, events_done, events_total, started_millis,"
                        + " finished_millis, heartbeat_millis, error, seconds_left FROM projection_replay"
                        + " WHERE name = 'replay'")
                .query((rs, row) -> {
                    ReplayStatus.State state = ReplayStatus.State.of(rs.getString("state"));
                    String error = rs.getString("error");
                    String rowPhase = rs.getString("phase");
                    long done = rs.getLong("events_done");
                    long total = rs.getLong("events_total");
                    Long started = nullableLong(rs, "started_millis");
                    Long finished = nullableLong(rs, "finished_millis");
                    long heartbeat = rs.getLong("heartbeat_millis");
                    if (state == ReplayStatus.State.RUNNING) {
                        if (here && owner.equals(rs.getString("owner"))) {
                            ReplayStatus status = status(state, phase, rs.getString("projection"), doneHere,
                                    totalHere, started, null, null);
                            return status.withSecondsLeft(secondsLeftHere());
                        } else if (System.currentTimeMillis() - heartbeat > STALE_MILLIS) {
                            state = ReplayStatus.State.FAILED;
                            error = "abandoned: the instance running it (" + rs.getString("owner")
                                    + ") has not reported since " + time(heartbeat);
                            finished = heartbeat;
                        }
                    }
                    ReplayStatus status = status(state, rowPhase, rs.getString("projection"), done, total, started,
                            finished, error);
                    Long reported = nullableLong(rs, "seconds_left");
                    if (state == ReplayStatus.State.RUNNING && reported != null) {
                        // the running instance's own estimate, as old as its last report
                        long since = (System.currentTimeMillis() - heartbeat) / 1000;
                        return status.withSecondsLeft(Math.max(reported - since, 0));
                    }
                    return status;
                })
                .single();
    }

    /**
     * Claims the row for a replay of {@code projection} run by this instance.
     *
     * @throws ReplayAlreadyRunningException when a replay runs, here or on another instance
     */
    void claim(String projection) {
        long now = System.currentTimeMillis();
        int claimed = jdbc.sql("UPDATE projection_replay SET state = 'running', phase = 'starting', projection = ?,"
                        + " owner = ?, events_done = 0, events_total = 0, started_millis = ?, finished_millis = NULL,"
                        + " heartbeat_millis = ?, error = NULL, seconds_left = NULL"
                        + " WHERE name = 'replay' AND (state <> 'running' OR heartbeat_millis < ?)")
                .params(projection, owner, now, now, now - STALE_MILLIS)
                .update();
        if (claimed == 0) {
            throw new ReplayAlreadyRunningException(status());
        }
        phase = "starting";
        eventsDone = 0;
        eventsTotal = 0;
        rowsToCopy = 0;
        rowsCopied.set(0);
        readRate = 0;
        readingSince = now;
        runningHere = true;
    }

    /** The replay enters {@code newPhase}: the row says so at once. */
    void enter(String newPhase) {
        long now = System.currentTimeMillis();
        if (newPhase.equals("reading")) {
            readingSince = now;
        } else if (phase.equals("reading")) {
            readRate = eventsDone * 1000.0 / Math.max(now - readingSince, 1);
        } else if (phase.equals("copying")) {
            lastCopyRate = rowsCopied.get() * 1000.0 / Math.max(now - copyingSince, 1);
        }
        report(newPhase, true);
    }

    /** About this many rows will be copied (the live tables' rows before the copy, exactly once it begins). */
    void rowsToCopy(long rows) {
        rowsToCopy = rows;
        if (phase.equals("copying")) {
            rowsCopied.set(0);
            copyingSince = System.currentTimeMillis();
        }
    }

    /** More rows copied; the copying threads count together. */
    void copied(long rows) {
        rowsCopied.addAndGet(rows);
    }

    /**
     * The seconds the replay running here still needs: the events left at the reading rate, and the rows left to
     * copy at the copying rate seen so far (before the copy, the last replay's here, else the reading rate).
     */
    private Long secondsLeftHere() {
        long now = System.currentTimeMillis();
        double reading = phase.equals("reading")
                ? eventsDone * 1000.0 / Math.max(now - readingSince, 1) : readRate;
        if (reading <= 0) {
            return null;
        }
        double eventsLeft = Math.max(eventsTotal - eventsDone, 0) / reading;
        return switch (phase) {
            case "starting", "reading" -> (long) Math.ceil(eventsLeft + rowsToCopy / copyRate(reading, 0));
            case "copying" -> (long) Math.ceil(Math.max(rowsToCopy - rowsCopied.get(), 0)
                    / copyRate(reading, now - copyingSince));
            default -> (long) Math.ceil(eventsLeft);
        };
    }

    /** Rows copied per second: as seen, once the copy has run a second; else as last time, or as fast as reading. */
    private double copyRate(double reading, long copyingMillis) {
        if (copyingMillis >= 1000 && rowsCopied.get() > 0) {
            return rowsCopied.get() * 1000.0 / copyingMillis;
        }
        return lastCopyRate > 0 ? lastCopyRate : reading;
    }

    /** Writes the counts to the row, unless it was written less than half a second ago. */
    void tick() {
        report(phase, false);
    }

    private void report(String newPhase, boolean force) {
        phase = newPhase;
        long now = System.currentTimeMillis();
        if (!force && now - lastReport < REPORT_EVERY_MILLIS) {
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return; // a catch-up round: the row is written before and after it
        }
        lastReport = now;
        jdbc.sql("UPDATE projection_replay SET phase = ?, events_done = ?, events_total = ?, heartbeat_millis = ?,"
                        + " seconds_left = ? WHERE name = 'replay' AND owner = ?")
                .params(newPhase, eventsDone, eventsTotal, now, secondsLeftHere(), owner)
                .update();
    }

    /** One more event applied; only the replay's applying thread counts. */
    void applied() {
        eventsDone++;
    }

    long eventsDone() {
        return eventsDone;
    }

    /** How many events there are to apply, as counted now. */
    void total(long events) {
        eventsTotal = events;
    }

    /** The count of events to apply was too low: more were stored since. */
    void totalAtLeastDone() {
        if (eventsDone > eventsTotal) {
            eventsTotal = eventsDone;
        }
    }

    /** The replay ended: the row says how, and is free for the next. */
    void finish(ReplayStatus.State state, String error) {
        long now = System.currentTimeMillis();
        try {
            jdbc.sql("UPDATE projection_replay SET state = ?, phase = 'done', events_done = ?, events_total = ?,"
                            + " finished_millis = ?, heartbeat_millis = ?, error = ?, seconds_left = 0"
                            + " WHERE name = 'replay' AND owner = ?")
                    .params(state.toString(), eventsDone, Math.max(eventsTotal, eventsDone), now, now,
                            error == null ? null : abbreviate(error), owner)
                    .update();
        } finally {
            runningHere = false;
        }
    }

    private ReplayStatus status(ReplayStatus.State state, String phase, String projection, long done, long total,
                                Long started, Long finished, String error) {
        double rate = 0;
        Long secondsLeft = null;
        if (started != null) {
            long end = finished != null ? finished : System.currentTimeMillis();
            double seconds = Math.max(end - started, 1) / 1000.0;
            rate = Math.round(done / seconds * 10) / 10.0;
            if (state != ReplayStatus.State.RUNNING) {
                secondsLeft = 0L;
            } else if (rate > 0) {
                secondsLeft = (long) Math.ceil(Math.max(total - done, 0) / rate);
            }
        }
        return new ReplayStatus(state, phase, projection, done, total, rate, secondsLeft,
                started == null ? null : time(started), finished == null ? null : time(finished), error);
    }

    private LocalDateTime time(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** At most 2,000 characters, cut between two characters, never inside a surrogate pair. */
    private static String abbreviate(String text) {
        if (text.length() <= 2000) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(1998)) ? 1998 : 1999;
        return text.substring(0, end) + "\u2026";
    }
}
