package org.opentask.command;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed task with automatic retry waits before its next retry: exponential in the retry's number,
 * capped, with jitter. The n-th retry waits between half and all of {@code min(maxDelay, baseDelay * 2^(n-1))}
 * ("equal jitter": never less than half the step, so a retry never comes at once, and tasks that failed together
 * spread over the other half). Where in that range is drawn from the task's jitter seed, which the caller chose at
 * random when it created the task, and the retry's number: the aggregate stays deterministic.
 */
public record RetryBackoff(Duration baseDelay, Duration maxDelay) {

    public RetryBackoff {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays need 0 < base-delay <= max-delay, got "
                    + baseDelay + " and " + maxDelay);
        }
    }

    /** The wait before retry number {@code retryNumber} (1 for the first retry). */
    public Duration delay(int retryNumber, long jitterSeed) {
        long step = stepMillis(retryNumber);
        long half = step / 2;
        return Duration.ofMillis(step - half + (long) (unitInterval(jitterSeed + retryNumber * GOLDEN_GAMMA) * half));
    }

    /** {@code min(maxDelay, baseDelay * 2^(retryNumber-1))} in milliseconds, without overflow. */
    long stepMillis(int retryNumber) {
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        int doublings = Math.max(0, retryNumber - 1);
        if (doublings >= 62 || base > (max >> doublings)) {
            return max;
        }
        return Math.min(max, base << doublings);
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** SplitMix64's finalizer: a well-spread number in [0, 1) from any seed, the same on every JVM. */
    static double unitInterval(long seed) {
        long z = seed + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
