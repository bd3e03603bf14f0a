package org.opentask.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What else the machine was doing: every figure is printed with the load average and the tool's own CPU. */
final class Machine {

    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages, as uptime shows them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPU time this JVM has used, in nanoseconds: the load tool shares the cores with what it measures. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
