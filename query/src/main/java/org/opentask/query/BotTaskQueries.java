package org.opentask.query;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.opentask.api.BotDayStats;
import org.opentask.api.BotQueue;
import org.opentask.api.DueTimers;
import org.opentask.api.FindBotQueuesQuery;
import org.opentask.api.FindTaskGaugesQuery;
import org.opentask.api.TaskGauge;
import org.opentask.api.FindBotsWithPendingTasksQuery;
import org.opentask.api.FindClaimCandidatesQuery;
import org.opentask.api.FindDayStatsQuery;
import org.opentask.api.FindDueTimersQuery;
import org.opentask.api.FindPendingTasksQuery;
import org.opentask.api.FindStaleTasksQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.TaskPage;
import org.opentask.api.TaskView;
import org.springframework.stereotype.Component;

/**
 * Every question answered from {@code bot_task}: a task, the lists, a bot's pending tasks, what a claim reads (ids
 * only, straight off the pending index, because the task aggregate and not this table decides who wins a task),
 * the bots' queues and the day's numbers per bot. The day's numbers read {@code bot_task} itself, as the
 * {@code bot_task_daily_stats} view does, so they are never behind the tasks. Each is one {@code SELECT} (the
 * lease sweep's question, two).
 */
@Component
record BotTaskQueries(BotTaskTable table, Clock clock) {

    @QueryHandler
    Optional<TaskView> handle(FindTaskQuery query) {
        return table.find(query.taskId());
    }

    @QueryHandler
    List<TaskView> handle(FindTasksQuery query) {
        return table.list(query).tasks();
    }

    /** The same, with whether more follow; each page bounded ({@link TaskPage}). */
    @QueryHandler
    TaskPage page(FindTasksQuery query) {
        return table.list(query);
    }

    @QueryHandler
    List<TaskView> handle(FindPendingTasksQuery query) {
        return page(query).tasks();
    }

    @QueryHandler
    TaskPage page(FindPendingTasksQuery query) {
        return table.ready(query.assignedTo(), LocalDateTime.now(clock), query.limit(), query.offset());
    }

    @QueryHandler
    List<TaskView> handle(FindStaleTasksQuery query) {
        return table.stale(query.assignedTo(), LocalDateTime.now(clock).minus(query.age()), query.limit());
    }

    @QueryHandler
    List<Long> handle(FindClaimCandidatesQuery query) {
        return table.readyIds(query.assignedTo(), LocalDateTime.now(clock), query.limit());
    }

    @QueryHandler
    List<String> handle(FindBotsWithPendingTasksQuery query) {
        return table.botsWithReadyTasks(query.bots(), LocalDateTime.now(clock));
    }

    @QueryHandler
    List<BotQueue> handle(FindBotQueuesQuery query) {
        return table.queues();
    }

    @QueryHandler
    List<TaskGauge> handle(FindTaskGaugesQuery query) {
        return table.gauges(query.now());
    }

    @QueryHandler
    List<BotDayStats> handle(FindDayStatsQuery query) {
        return table.dayStats(query.day());
    }

    @QueryHandler
    DueTimers handle(FindDueTimersQuery query) {
        LocalDateTime now = LocalDateTime.now(clock);
        return new DueTimers(table.expiredLeases(now, query.limit()), table.dueRetries(now, query.limit()));
    }
}
