package org.opentask.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed task with automatic retry waits before its next retry: exponential in the retry's number,
 * capped, with jitter. The n-th retry waits between half and all of its step,
 * {@code min(maxDelay, baseDelay * 2^(n-1))} ("equal jitter": never less than half the step, so a retry never comes
 * at once, and tasks that failed together spread over the other half). Where in that range is drawn from
 * {@code jitterSeed}, which the caller chose at random when it created the task, and the retry's number: whoever
 * computes a delay gets the same one.
 */
public record RetryBackoff(Duration baseDelay, Duration maxDelay, long jitterSeed) {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    public RetryBackoff {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.toMillis() <= 0 || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays need 0 < base delay <= max delay, got "
                    + baseDelay + " and " + maxDelay);
        }
    }

    /** The wait before retry number {@code retryNumber} (1 for the first retry). */
    public Duration delay(int retryNumber) {
        long step = step(retryNumber).toMillis();
        long half = step / 2;
        return Duration.ofMillis(step - half + (long) (unitInterval(jitterSeed + retryNumber * GOLDEN_GAMMA) * half));
    }

    /** {@code min(maxDelay, baseDelay * 2^(retryNumber-1))}, to the millisecond, without overflow. */
    public Duration step(int retryNumber) {
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        int doublings = Math.max(0, retryNumber - 1);
        if (doublings >= 62 || base > (max >> doublings)) {
            return Duration.ofMillis(max);
        }
        return Duration.ofMillis(Math.min(max, base << doublings));
    }

    /** SplitMix64's finalizer: a well-spread number in [0, 1) from any seed, the same on every JVM. */
    private static double unitInterval(long seed) {
        long z = seed + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
