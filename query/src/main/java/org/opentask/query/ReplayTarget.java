package org.opentask.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A read model a replay can rebuild: its name in the API, its tables, and the projection that writes them. */
enum ReplayTarget {
    BOT_TASK(ProcessingGroups.BOT_TASK, BotTaskTable.NAME),
    BOT_TASK_LOG(ProcessingGroups.BOT_TASK_LOG, TaskLogProjection.TABLE),
    /**
     * Written live by a tracking processor of its own, which a replay hands its new position at the swap
     * ({@link AnalyticsHandover}); its handlers write at the end of a batch of events, in a unit of work.
     */
    TASK_ANALYTICS(ProcessingGroups.TASK_ANALYTICS, TaskAnalyticsProjection.EVENT_TABLE,
            TaskAnalyticsProjection.TASK_TABLE);

    /** What a replay of every read model is called. */
    static final String ALL = "all";

    final String projection;
    final List<String> tables;

    ReplayTarget(String projection, String... tables) {
        this.projection = projection;
        this.tables = List.of(tables);
    }

    /** The table a replay fills before it takes the live {@code table}'s place. */
    static String shadow(String table) {
        return table + "_shadow";
    }

    /**
     * Whether commands write the projection's tables in their own transaction, so that its tables must change
     * places while commands are held; the analytics' processor is instead kept out by its token's claim.
     */
    boolean writtenByCommands() {
        return this != TASK_ANALYTICS;
    }

    /** Whether the projection's handlers need a unit of work around a batch of events. */
    boolean batched() {
        return this == TASK_ANALYTICS;
    }

    /** The projection's own event handlers, writing through {@code template} into the tables {@code as} names. */
    Object projection(JdbcTemplate template, ZoneId zone, UnaryOperator<String> as) {
        JdbcClient jdbc = JdbcClient.create(template);
        return switch (this) {
            case BOT_TASK -> new BotTaskProjection(new BotTaskTable(jdbc, as.apply(BotTaskTable.NAME)), zone);
            case BOT_TASK_LOG -> new TaskLogProjection(jdbc, zone, as.apply(TaskLogProjection.TABLE));
            case TASK_ANALYTICS -> new TaskAnalyticsProjection(jdbc, template, zone,
                    as.apply(TaskAnalyticsProjection.EVENT_TABLE), as.apply(TaskAnalyticsProjection.TASK_TABLE));
        };
    }

    /** Every table of {@code targets}. */
    static List<String> tables(List<ReplayTarget> targets) {
        return targets.stream().flatMap(target -> target.tables.stream()).toList();
    }

    /** {@code all}, then one name per read model. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(ALL);
        for (ReplayTarget target : values()) {
            names.add(target.projection);
        }
        return names;
    }

    /**
     * The read models {@code projections} names, one name or several separated by commas: all of them for
     * {@code all} or null.
     */
    static List<ReplayTarget> named(String projections) {
        if (projections == null || projections.isBlank()) {
            return List.of(values());
        }
        Set<ReplayTarget> named = EnumSet.noneOf(ReplayTarget.class);
        for (String name : projections.split(",")) {
            named.addAll(one(name.trim(), projections));
        }
        return List.copyOf(named);
    }

    private static List<ReplayTarget> one(String name, String asked) {
        if (name.equals(ALL)) {
            return List.of(values());
        }
        for (ReplayTarget target : values()) {
            if (target.projection.equals(name)) {
                return List.of(target);
            }
        }
        throw new IllegalArgumentException("projection must be one of " + names()
                + " (or several, separated by commas), got '" + asked + "'");
    }
}
