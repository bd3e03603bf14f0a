package org.opentask.query;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.FindExhaustedTasksQuery;
import org.opentask.api.TaskView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The tasks by whether they have used all their retries; failed and exhausted is the dead-letter view. */
@Component
class ExhaustedTasksQueries {

    private final JdbcClient jdbc;

    ExhaustedTasksQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<TaskView> handle(FindExhaustedTasksQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + BotTaskProjection.COLUMNS + " FROM bot_task WHERE deleted = 0")
                .append(query.exhausted() ? " AND retry_count >= max_retry" : " AND retry_count < max_retry");
        List<Object> params = new ArrayList<>();
        if (query.assignedTo() != null) {
            sql.append(" AND assigned_to = ?");
            params.add(query.assignedTo());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            params.add(query.status().toString());
        }
        if (query.priority() != null) {
            sql.append(" AND priority = ?");
            params.add(query.priority().name());
        }
        sql.append(" ORDER BY created_time DESC, id DESC LIMIT ? OFFSET ?");
        params.add(query.limit());
        params.add(query.offset());
        return jdbc.sql(sql.toString()).params(params).query(BotTaskProjection::toView).list();
    }
}
