package org.opentask.app;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, with one change: cancelling a timer that is firing at that very moment is
 * not an error. A bot that completes its task while the task's lease timer fires would otherwise get a 500 (db-scheduler
 * refuses to cancel a running execution); the firing timer finds the task finished and does nothing. The cancel runs
 * when the command's transaction prepares to commit, on the same connection, so it commits with the events.
 */
class TaskDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(TaskDeadlineManager.class);

    private final Scheduler scheduler;

    TaskDeadlineManager(Builder builder, Scheduler scheduler) {
        super(builder.scheduler(scheduler));
        this.scheduler = scheduler;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        runOnPrepareCommitOrNow(() -> {
            try {
                scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
            } catch (TaskInstanceNotFoundException e) {
                log.debug("Timer {} ({}) is gone already", scheduleId, deadlineName);
            } catch (TaskInstanceCurrentlyExecutingException e) {
                log.debug("Timer {} ({}) is firing now; it will find its task finished", scheduleId, deadlineName);
            }
        });
    }
}
