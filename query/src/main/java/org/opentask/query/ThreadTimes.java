package org.opentask.query;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a replay logs of its threads' time. On a shared machine the time a thread waited for a CPU tells the
 * replay's own cost from the time spent waiting for others.
 */
final class ThreadTimes {

    private ThreadTimes() {
    }

    /** The CPU time the calling thread has used. */
    static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * How long the calling thread has waited for a CPU while ready to run (Linux's schedstat), or 0 where that is
     * not known.
     */
    static long cpuWaitNanos() {
        try {
            String[] fields = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split("\\s+");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
