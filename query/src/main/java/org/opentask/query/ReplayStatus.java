package org.opentask.query;

import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Where the replay of the read models stands: the one running now, or else the last one.
 *
 * @param state         idle (never ran), running, completed or failed
 * @param phase         what a running replay does now: reading (events into a private copy), copying (that copy
 *                      into the shadow tables), catching-up (events that came meanwhile), swapping, or done
 * @param projection    what is rebuilt: {@code all}, or {@code bot-task}, {@code bot-task-log} or
 *                      {@code task-analytics}, or several of those separated by commas
 * @param eventsDone    events applied so far
 * @param eventsTotal   events in the store when counted last (grows while bots keep working)
 * @param ratePerSecond events applied per second since the start
 * @param secondsLeft   for the events not yet applied and the rows not yet copied, at the rates the instance running
 *                      the replay has seen so far (every instance shows its estimate); null when unknown
 * @param startedTime   server time zone
 * @param finishedTime  server time zone; null while running
 * @param error         why it failed, or null
 */
public record ReplayStatus(State state,
                           String phase,
                           String projection,
                           long eventsDone,
                           long eventsTotal,
                           double ratePerSecond,
                           Long secondsLeft,
                           LocalDateTime startedTime,
                           LocalDateTime finishedTime,
                           String error) {

    public enum State {
        IDLE, RUNNING, COMPLETED, FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** The same status, with another estimate of the seconds left. */
    ReplayStatus withSecondsLeft(Long seconds) {
        return new ReplayStatus(state, phase, projection, eventsDone, eventsTotal, ratePerSecond, seconds, startedTime,
                finishedTime, error);
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
