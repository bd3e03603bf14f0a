package org.opentask.app.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskGaugesQuery;
import org.opentask.api.TaskGauge;
import org.opentask.api.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as the read model has it, read when Prometheus scrapes, at most once per {@code cacheFor}: tasks by bot
 * and status, the age of each bot's oldest pending task, and the running tasks whose lease has ended. One query
 * answers all of it ({@link FindTaskGaugesQuery}); nothing runs on a request. A bot is named only if it is
 * registered, was heard from recently, or has pending or running tasks, and at most {@code maxBots} are named: the
 * rest are summed as {@code bot="_other"}, so the number of series stays bounded however many names clients use.
 */
final class FleetGauges implements MultiCollector {

    static final String OTHER = "_other";
    private static final Logger log = LoggerFactory.getLogger(FleetGauges.class);

    private final QueryGateway queries;
    private final Supplier<Set<String>> registeredBots;
    private final Supplier<Map<String, Instant>> botsSeen;
    private final Clock clock;
    private final MetricsProperties properties;
    private volatile Snapshot cached;

    FleetGauges(QueryGateway queries, Supplier<Set<String>> registeredBots, Supplier<Map<String, Instant>> botsSeen,
                Clock clock, MetricsProperties properties) {
        this.queries = queries;
        this.registeredBots = registeredBots;
        this.botsSeen = botsSeen;
        this.clock = clock;
        this.properties = properties;
    }

    private record Snapshot(long readAtNanos, LocalDateTime readAt, List<TaskGauge> rows) {
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("opentask_tasks", "opentask_oldest_pending_task_age_seconds", "opentask_tasks_lease_overdue");
    }

    @Override
    public MetricSnapshots collect() {
        Snapshot snapshot = snapshot();
        if (snapshot == null) {
            return new MetricSnapshots();
        }
        Set<String> named = namedBots(snapshot.rows);
        Map<String, Map<String, long[]>> byBot = new TreeMap<>();
        Map<String, LocalDateTime> oldestPending = new TreeMap<>();
        // a named bot without tasks shows zeros, so its series exist before its first task
        named.forEach(bot -> byBot.put(bot, new HashMap<>()));
        for (TaskGauge row : snapshot.rows) {
            String bot = named.contains(row.assignedTo()) ? row.assignedTo() : OTHER;
            long[] values = byBot.computeIfAbsent(bot, b -> new HashMap<>())
                    .computeIfAbsent(row.status(), s -> new long[2]);
            values[0] += row.count();
            values[1] += row.leaseOverdue();
            if ("pending".equals(row.status()) && row.oldestCreated() != null) {
                oldestPending.merge(bot, row.oldestCreated(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        GaugeSnapshot.Builder tasks = GaugeSnapshot.builder().name("opentask_tasks")
                .help("Tasks by bot and status now, as the read model has them (deleted ones left out)");
        GaugeSnapshot.Builder overdue = GaugeSnapshot.builder().name("opentask_tasks_lease_overdue")
                .help("Running tasks whose lease has ended and which the lease sweep has not failed yet");
        GaugeSnapshot.Builder oldest = GaugeSnapshot.builder().name("opentask_oldest_pending_task_age_seconds")
                .help("Age of the bot's oldest pending task (0 when it has none)");
        byBot.forEach((bot, statuses) -> {
            for (TaskStatus status : TaskStatus.values()) {
                long[] values = statuses.getOrDefault(status.toString(), new long[2]);
                tasks.dataPoint(point(values[0], "bot", bot, "status", status.toString()));
            }
            overdue.dataPoint(point(statuses.getOrDefault("running", new long[2])[1], "bot", bot));
            LocalDateTime created = oldestPending.get(bot);
            double age = created == null ? 0 : Math.max(0, Duration.between(created, snapshot.readAt).toMillis()
                    / 1000.0 + (System.nanoTime() - snapshot.readAtNanos) / 1e9);
            oldest.dataPoint(point(age, "bot", bot));
        });
        List<MetricSnapshot> all = new ArrayList<>(List.of(tasks.build(), overdue.build(), oldest.build()));
        return new MetricSnapshots(all);
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    /**
     * Registered bots first, then those with the most pending and running tasks, then those heard from most
     * recently, up to {@code maxBots}.
     */
    private Set<String> namedBots(List<TaskGauge> rows) {
        Map<String, Long> active = new HashMap<>();
        for (TaskGauge row : rows) {
            if ("pending".equals(row.status()) || "running".equals(row.status())) {
                active.merge(row.assignedTo(), row.count(), Long::sum);
            }
        }
        Instant recent = clock.instant().minus(properties.recentBots());
        Map<String, Instant> seen = botsSeen.get();
        Set<String> named = new LinkedHashSet<>();
        registeredBots.get().stream().sorted().forEach(named::add);
        active.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> named.add(entry.getKey()));
        seen.entrySet().stream().filter(entry -> entry.getValue().isAfter(recent))
                .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()))
                .forEach(entry -> named.add(entry.getKey()));
        named.remove(OTHER);
        return new HashSet<>(named.stream().limit(properties.maxBots()).toList());
    }

    private Snapshot snapshot() {
        Snapshot current = cached;
        long now = System.nanoTime();
        if (current != null && now - current.readAtNanos < properties.cacheFor().toNanos()) {
            return current;
        }
        synchronized (this) {
            if (cached != current) {
                return cached;
            }
            try {
                LocalDateTime readAt = LocalDateTime.now(clock);
                List<TaskGauge> rows = queries.query(new FindTaskGaugesQuery(readAt),
                        ResponseTypes.multipleInstancesOf(TaskGauge.class)).join();
                cached = new Snapshot(System.nanoTime(), readAt, rows);
            } catch (RuntimeException e) {
                // the database may be away: the last counts stand until it answers again
                log.debug("Reading the fleet's counts failed: {}", e.toString());
            }
            return cached;
        }
    }
}
