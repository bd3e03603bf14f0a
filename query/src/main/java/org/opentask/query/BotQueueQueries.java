package org.opentask.query;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.BotQueue;
import org.opentask.api.FindBotQueuesQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The bots and their queues, read off {@code bot_task}'s pending index (assigned_to, status, deleted, ...). */
@Component
class BotQueueQueries {

    private final JdbcClient jdbc;

    BotQueueQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<BotQueue> handle(FindBotQueuesQuery query) {
        Map<String, long[]> bots = new TreeMap<>();
        jdbc.sql("SELECT assigned_to, status, deleted, COUNT(*) FROM bot_task GROUP BY assigned_to, status, deleted")
                .query(rs -> {
                    long[] counts = bots.computeIfAbsent(rs.getString(1), bot -> new long[2]);
                    if (rs.getInt(3) == 0 && "pending".equals(rs.getString(2))) {
                        counts[0] += rs.getLong(4);
                    } else if (rs.getInt(3) == 0 && "running".equals(rs.getString(2))) {
                        counts[1] += rs.getLong(4);
                    }
                });
        return bots.entrySet().stream()
                .map(bot -> new BotQueue(bot.getKey(), bot.getValue()[0], bot.getValue()[1]))
                .toList();
    }
}
