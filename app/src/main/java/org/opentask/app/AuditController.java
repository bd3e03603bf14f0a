package org.opentask.app;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.BotDayStats;
import org.opentask.api.FindDayStatsQuery;
import org.opentask.api.FindTaskLogQuery;
import org.opentask.api.TaskLogEntry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What operators read: a task's audit trail and today's numbers per bot. */
@RestController
class AuditController {

    private final QueryGateway queries;
    private final Clock clock;

    AuditController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Newest first; also for a deleted task, whose history is kept. */
    @GetMapping("/api/logs/{task_id}")
    List<TaskLogEntry> log(@PathVariable("task_id") long taskId) {
        List<TaskLogEntry> rows = queries.query(new FindTaskLogQuery(taskId),
                ResponseTypes.multipleInstancesOf(TaskLogEntry.class)).join();
        if (rows.isEmpty()) {
            throw new AggregateNotFoundException(Long.toString(taskId), "Task " + taskId + " not found");
        }
        return rows;
    }

    /** Per bot, the tasks created today (server time zone) counted by their status now; deleted ones left out. */
    @GetMapping("/api/stats/today")
    Map<String, Map<String, Long>> today() {
        List<BotDayStats> rows = queries.query(new FindDayStatsQuery(LocalDate.now(clock)),
                ResponseTypes.multipleInstancesOf(BotDayStats.class)).join();
        Map<String, Map<String, Long>> stats = new LinkedHashMap<>();
        for (BotDayStats row : rows) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("total", row.total());
            counts.put("pending", row.pending());
            counts.put("running", row.running());
            counts.put("completed", row.completed());
            counts.put("failed", row.failed());
            counts.put("cancelled", row.cancelled());
            stats.put(row.assignedTo(), counts);
        }
        return stats;
    }
}
