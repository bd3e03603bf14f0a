package org.opentask.query;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.FindBotsWithPendingTasksQuery;
import org.opentask.api.FindClaimCandidatesQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a claim reads from {@code bot_task}: ids only, straight off the pending index, because a claim reads them
 * often and the task aggregate, not this table, decides who wins a task.
 */
@Component
class ClaimQueries {

    private final JdbcClient jdbc;
    private final Clock clock;

    ClaimQueries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @QueryHandler
    List<Long> handle(FindClaimCandidatesQuery query) {
        return jdbc.sql("SELECT id FROM bot_task " + BotTaskProjection.BY_QUEUE + " WHERE assigned_to = ? AND "
                        + BotTaskProjection.READY
                        + " ORDER BY priority, created_time, id LIMIT ?")
                .params(query.assignedTo(), LocalDateTime.now(clock), query.limit())
                .query(Long.class)
                .list();
    }

    @QueryHandler
    List<String> handle(FindBotsWithPendingTasksQuery query) {
        if (query.bots().isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(query.bots().size(), "?"));
        List<Object> params = new java.util.ArrayList<>();
        params.add(LocalDateTime.now(clock));
        params.addAll(query.bots());
        return jdbc.sql("SELECT DISTINCT assigned_to FROM bot_task"
                        + " WHERE " + BotTaskProjection.READY + " AND assigned_to IN (" + marks + ")")
                .params(params)
                .query(String.class)
                .list();
    }
}
