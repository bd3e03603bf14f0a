package org.opentask.query;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.BotDayStats;
import org.opentask.api.FindDayStatsQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per day of creation and bot, the tasks counted by their status now. Reads {@code bot_task} itself, as the
 * {@code bot_task_daily_stats} view does, so the numbers are never behind the tasks; the range on
 * {@code created_time} lets the index serve the day instead of grouping the whole table.
 */
@Component
class DailyStatsQueries {

    private final JdbcClient jdbc;

    DailyStatsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<BotDayStats> handle(FindDayStatsQuery query) {
        return jdbc.sql("SELECT assigned_to, COUNT(*) AS total,"
                        + " SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,"
                        + " SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,"
                        + " SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,"
                        + " SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,"
                        + " SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled"
                        + " FROM bot_task WHERE created_time >= ? AND created_time < ? AND deleted = 0"
                        + " GROUP BY assigned_to ORDER BY assigned_to")
                .params(query.day().atStartOfDay(), query.day().plusDays(1).atStartOfDay())
                .query((rs, row) -> new BotDayStats(rs.getString("assigned_to"), rs.getLong("total"),
                        rs.getLong("pending"), rs.getLong("running"), rs.getLong("completed"),
                        rs.getLong("failed"), rs.getLong("cancelled")))
                .list();
    }
}
