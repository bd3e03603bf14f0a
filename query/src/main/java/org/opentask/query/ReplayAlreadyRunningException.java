package org.opentask.query;

/** A replay was asked for while one runs, on this instance or another on the same database. */
public class ReplayAlreadyRunningException extends RuntimeException {

    private final ReplayStatus status;

    public ReplayAlreadyRunningException(ReplayStatus status) {
        super("A replay is already running (" + status.projection() + ", " + status.eventsDone() + " of "
                + status.eventsTotal() + " events done); wait for it to finish");
        this.status = status;
    }

    public ReplayStatus status() {
        return status;
    }
}
