package org.opentask.api;

import java.time.Instant;

/**
 * How a task is timed, fixed when it is created.
 *
 * @param timeoutSeconds how long a started task's lease runs without a heartbeat or progress; 0: no lease
 * @param autoRetry      whether the engine retries a failed or expired task by itself, after a backoff
 * @param notBefore      the earliest time the task is handed out (pending, claim); null: at once
 * @param jitterSeed     a random number drawn by the caller, from which the aggregate derives the jitter of each
 *                       retry's backoff: the aggregate stays deterministic, retries of different tasks spread out
 */
public record TaskTiming(int timeoutSeconds, boolean autoRetry, Instant notBefore, long jitterSeed) {

    /** No lease, no automatic retry, no delay: how tasks created before leases existed behave. */
    public static final TaskTiming NONE = new TaskTiming(0, false, null, 0);
}
