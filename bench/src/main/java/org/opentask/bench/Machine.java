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

    /** CPU time a process has used, in nanoseconds, from /proc (user + system), or -1 when it cannot be read. */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a process's threads other than the JIT compilers', in nanoseconds: the work that goes on once
     * the code is compiled. On a busy machine compilation drags on for minutes and would otherwise be counted.
     */
    static long processCpuNanosWithoutJit(long pid) {
        try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return threads.mapToLong(thread -> {
                try {
                    String comm = Files.readString(thread.resolve("comm")).trim();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        return 0;
                    }
                    String stat = Files.readString(thread.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
                } catch (IOException | RuntimeException e) {
                    return 0; // a thread that ended meanwhile
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The pid of the first process whose command name is exactly {@code name} (such as mariadbd), or -1. */
    static long findProcess(String name) {
        try (var processes = Files.list(Path.of("/proc"))) {
            return processes.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .filter(n -> {
                        try {
                            return Files.readString(Path.of("/proc/" + n + "/comm")).trim().equals(name);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .mapToLong(Long::parseLong).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
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
