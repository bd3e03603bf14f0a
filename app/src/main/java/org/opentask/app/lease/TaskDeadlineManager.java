package org.opentask.app.lease;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Axon's db-scheduler deadline manager, with one change in how a timer is cancelled: one {@code DELETE} of the
 * timer's row unless db-scheduler is running it at that very moment, instead of db-scheduler's read, check and
 * delete (two round trips per completed task). A timer that is firing is left alone, as db-scheduler would, but
 * not as an error: a bot that completes its task while the task's lease timer fires would otherwise get a 500; the
 * firing timer finds the task finished and does nothing. The cancel runs when the command's transaction prepares
 * to commit, on the same connection, so it commits with the events.
 */
class TaskDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(TaskDeadlineManager.class);

    private final JdbcClient jdbc;

    TaskDeadlineManager(Builder builder, Scheduler scheduler, JdbcClient jdbc) {
        super(builder.scheduler(scheduler));
        this.jdbc = jdbc;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        DbSchedulerDeadlineToken timer = new DbSchedulerDeadlineToken(scheduleId);
        runOnPrepareCommitOrNow(() -> {
            int cancelled = jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?"
                            + " AND picked = ?")
                    .params(timer.getTaskName(), timer.getId(), false)
                    .update();
            if (cancelled == 0) {
                log.debug("Timer {} ({}) is gone already, or firing now: it will find its task finished",
                        scheduleId, deadlineName);
            }
        });
    }
}
