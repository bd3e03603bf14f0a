package org.opentask.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A read model a replay can rebuild: its name in the API, its table, and the projection that writes it. */
enum ReplayTarget {
    BOT_TASK(ProcessingGroups.BOT_TASK, BotTaskTable.NAME),
    BOT_TASK_LOG(ProcessingGroups.BOT_TASK_LOG, TaskLogProjection.TABLE);

    /** What a replay of every read model is called. */
    static final String ALL = "all";

    final String projection;
    final String table;

    ReplayTarget(String projection, String table) {
        this.projection = projection;
        this.table = table;
    }

    /** The table a replay fills before it takes the live table's place. */
    String shadow() {
        return table + "_shadow";
    }

    /** The projection's own event handlers, writing {@code into} through {@code jdbc}. */
    Object projection(JdbcClient jdbc, ZoneId zone, String into) {
        return this == BOT_TASK
                ? new BotTaskProjection(new BotTaskTable(jdbc, into), zone)
                : new TaskLogProjection(jdbc, zone, into);
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

    /** The read models {@code projection} names: all of them for {@code all} or null. */
    static List<ReplayTarget> named(String projection) {
        if (projection == null || projection.equals(ALL)) {
            return List.of(values());
        }
        for (ReplayTarget target : values()) {
            if (target.projection.equals(projection)) {
                return List.of(target);
            }
        }
        throw new IllegalArgumentException("projection must be one of " + names() + ", got '" + projection + "'");
    }
}
