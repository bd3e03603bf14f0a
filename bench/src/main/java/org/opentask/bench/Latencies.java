package org.opentask.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Response times of one kind of call, in microseconds, with its failures counted by cause. */
final class Latencies {

    private static final long MAX_MICROS = 120_000_000L;

    private final String name;
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private Histogram total;

    Latencies(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void record(long nanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1000)));
    }

    void error(String cause) {
        errors.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** Drops what was recorded so far (the warm-up). */
    void reset() {
        recorder.getIntervalHistogram();
        errors.clear();
    }

    /** Ends the measurement; the figures below read what was recorded since the last reset. */
    void freeze() {
        total = recorder.getIntervalHistogram();
    }

    long count() {
        return total.getTotalCount();
    }

    double percentileMillis(double percentile) {
        return total.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return total.getMaxValue() / 1000.0;
    }

    double meanMillis() {
        return total.getMean() / 1000.0;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsByCause() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((cause, n) -> copy.put(cause, n.sum()));
        return copy;
    }

    static String header() {
        return String.format("| %-9s | %9s | %8s | %8s | %8s | %8s | %8s | %6s |",
                "endpoint", "calls", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
    }

    static String rule() {
        return "|-----------|----------:|---------:|---------:|---------:|---------:|---------:|-------:|";
    }

    String row() {
        return String.format("| %-9s | %9d | %8.2f | %8.2f | %8.2f | %8.2f | %8.1f | %6d |",
                name, count(), meanMillis(), percentileMillis(50), percentileMillis(95), percentileMillis(99),
                maxMillis(), errorCount());
    }
}
