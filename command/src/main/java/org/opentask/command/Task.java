package org.opentask.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import java.time.Instant;
import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseDeadline;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetryDeadline;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/**
 * A task handed to a bot. Decides every command against the state machine
 * pending -> running -> completed | failed -> pending (retry) and cancel from pending, running or failed.
 * A deleted task is marked deleted, so the repository no longer loads it.
 * <p>
 * A started task holds a lease that heartbeats and progress updates extend; a durable timer fails the task when
 * the lease runs out, and another retries a failed task with automatic retry after a backoff. Finishing a task
 * cancels its timers. The aggregate never reads the clock: times come from commands, from the timestamps of its
 * own events and from the timers' payloads (see {@code docs/leases.md}).
 */
@Aggregate(cache = "taskCache")
class Task {

    /** Deadline names: the timer that checks a running task's lease, and the one that retries a failed task. */
    static final String LEASE_TIMER = "task-lease";
    static final String RETRY_TIMER = "task-retry";
    /** The operator of what the engine does by itself. */
    static final String SYSTEM = "system";

    @AggregateIdentifier
    private Long id;
    private TaskStatus status;
    private String taskName;
    private String taskDescription;
    private String taskParams;
    private String assignedTo;
    private Priority priority;
    private int progress;
    private int retryCount;
    private int maxRetry;
    private String createdBy;

    private int timeoutSeconds;
    private boolean autoRetry;
    private long jitterSeed;
    private int runs;
    private Instant leaseExpiresAt;
    private String leaseTimerId;
    private Instant progressAt;
    private Instant failedAt;
    private String retryTimerId;

    Task() {
        // required by Axon to rebuild the task from its events
    }

    @CommandHandler
    Task(CreateTaskCommand command) {
        TaskRules.requireName(command.taskName());
        TaskRules.requireAssignee(command.assignedTo());
        TaskRules.requireMaxRetry(command.maxRetry());
        String createdBy = Objects.requireNonNull(command.createdBy(), "createdBy");
        TaskTiming timing = command.timing() == null ? TaskTiming.NONE : command.timing();
        TaskRules.requireTiming(timing);
        apply(new TaskCreatedEvent(command.taskId(), command.taskName(), command.taskDescription(),
                command.taskParams(), command.assignedTo(),
                command.priority() == null ? Priority.DEFAULT : command.priority(),
                command.maxRetry(), createdBy, operatorOr(command.operator(), createdBy), timing));
    }

    @CommandHandler
    void handle(StartTaskCommand command, DeadlineManager deadlines) {
        requireStatus("start", TaskStatus.PENDING);
        apply(new TaskStartedEvent(id, assignedTo, operatorOr(command.operator(), assignedTo)));
        setLeaseTimer(deadlines);
    }

    @CommandHandler
    void handle(CompleteTaskCommand command, DeadlineManager deadlines) {
        requireStatus("complete", TaskStatus.RUNNING);
        cancelLeaseTimer(deadlines);
        apply(new TaskCompletedEvent(id, command.result(), operatorOr(command.operator(), assignedTo)));
    }

    @CommandHandler
    void handle(FailTaskCommand command, DeadlineManager deadlines, RetryBackoff backoff) {
        requireStatus("fail", TaskStatus.RUNNING);
        cancelLeaseTimer(deadlines);
        apply(new TaskFailedEvent(id, command.errorMessage(), operatorOr(command.operator(), assignedTo)));
        scheduleAutomaticRetry(deadlines, backoff);
    }

    @CommandHandler
    void handle(RetryTaskCommand command, DeadlineManager deadlines) {
        requireStatus("retry", TaskStatus.FAILED);
        if (retryCount >= maxRetry) {
            throw new TaskTransitionRefusedException(id, status,
                    "Task " + id + " is " + status + ": cannot retry it, it has used " + retryCount + " of " + maxRetry
                            + " retries");
        }
        cancelRetryTimer(deadlines);
        apply(new TaskRetriedEvent(id, retryCount + 1, maxRetry, operatorOr(command.operator(), createdBy)));
    }

    @CommandHandler
    void handle(CancelTaskCommand command, DeadlineManager deadlines) {
        requireStatus("cancel", TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.FAILED);
        cancelLeaseTimer(deadlines);
        cancelRetryTimer(deadlines);
        apply(new TaskCancelledEvent(id, status, operatorOr(command.operator(), createdBy), command.reason()));
    }

    @CommandHandler
    void handle(UpdateTaskCommand command) {
        if (command.taskName() != null) {
            TaskRules.requireName(command.taskName());
        }
        if (command.assignedTo() != null) {
            TaskRules.requireAssignee(command.assignedTo());
        }
        Integer newProgress = changed(progress, command.progress());
        if (newProgress != null) {
            TaskRules.requireProgress(newProgress);
            if (status != TaskStatus.PENDING && status != TaskStatus.RUNNING) {
                throw new TaskTransitionRefusedException(id, status,
                        "Task " + id + " is " + status + ": progress can only change while it is pending or running");
            }
        }
        TaskUpdatedEvent event = new TaskUpdatedEvent(id,
                changed(taskName, command.taskName()),
                changed(taskDescription, command.taskDescription()),
                changed(taskParams, command.taskParams()),
                changed(assignedTo, command.assignedTo()),
                changed(priority, command.priority()),
                newProgress,
                status,
                operatorOr(command.operator(), createdBy));
        if (event.taskName() != null || event.taskDescription() != null || event.taskParams() != null
                || event.assignedTo() != null || event.priority() != null || event.progress() != null) {
            apply(event);
        }
        if (newProgress != null && status == TaskStatus.RUNNING) {
            // progress is a sign of life: the lease runs from the time the update was recorded
            extendLease(progressAt, event.operator());
        }
    }

    @CommandHandler
    void handle(HeartbeatTaskCommand command) {
        requireStatus("heartbeat", TaskStatus.RUNNING);
        String operator = operatorOr(command.operator(), assignedTo);
        Integer newProgress = changed(progress, command.progress());
        if (newProgress != null) {
            TaskRules.requireProgress(newProgress);
            apply(new TaskUpdatedEvent(id, null, null, null, null, null, newProgress, status, operator));
        }
        extendLease(Objects.requireNonNull(command.at(), "at"), operator);
    }

    @DeadlineHandler(deadlineName = LEASE_TIMER)
    void on(TaskLeaseDeadline deadline, DeadlineManager deadlines, RetryBackoff backoff) {
        leaseTimerDue(deadline, deadlines, backoff);
    }

    @DeadlineHandler(deadlineName = RETRY_TIMER)
    void on(TaskRetryDeadline deadline) {
        retryTimerDue(deadline);
    }

    @CommandHandler
    void handle(DeleteTaskCommand command, DeadlineManager deadlines) {
        cancelLeaseTimer(deadlines);
        cancelRetryTimer(deadlines);
        apply(new TaskDeletedEvent(id, status, operatorOr(command.operator(), createdBy)));
    }

    // --- timers: the lease of a running task and the automatic retry of a failed one ---

    /** After a start: the lease runs the task's timeout from the start's timestamp, and a timer checks it then. */
    private void setLeaseTimer(DeadlineManager deadlines) {
        if (leaseExpiresAt != null) {
            String timer = deadlines.schedule(leaseExpiresAt, LEASE_TIMER, new TaskLeaseDeadline(id, runs, leaseExpiresAt));
            apply(new TaskLeaseTimerSetEvent(id, leaseExpiresAt, timer));
        }
    }

    /**
     * A sign of life at {@code at}: the lease now ends the timeout after it. The timer is left where it is (moving
     * it on every heartbeat would cost a write each); when it comes due it finds the later end and is set anew.
     */
    private void extendLease(Instant at, String operator) {
        if (leaseExpiresAt != null && at.plusSeconds(timeoutSeconds).isAfter(leaseExpiresAt)) {
            apply(new TaskLeaseExtendedEvent(id, at.plusSeconds(timeoutSeconds), operator));
        }
    }

    private void leaseTimerDue(TaskLeaseDeadline deadline, DeadlineManager deadlines, RetryBackoff backoff) {
        if (status != TaskStatus.RUNNING || deadline.run() != runs || leaseExpiresAt == null) {
            return; // the run it watched has ended; its end cancelled this timer, or tried to while it fired
        }
        if (leaseExpiresAt.isAfter(deadline.dueAt())) {
            String timer = deadlines.schedule(leaseExpiresAt, LEASE_TIMER, new TaskLeaseDeadline(id, runs, leaseExpiresAt));
            apply(new TaskLeaseTimerSetEvent(id, leaseExpiresAt, timer));
            return;
        }
        apply(new TaskLeaseExpiredEvent(id, leaseExpiresAt, "Lease expired: no heartbeat or progress from "
                + assignedTo + " within " + timeoutSeconds + " seconds; the engine failed the task", SYSTEM));
        scheduleAutomaticRetry(deadlines, backoff);
    }

    /** After a failure or an expiry: with automatic retry and retries left, a timer retries the task later. */
    private void scheduleAutomaticRetry(DeadlineManager deadlines, RetryBackoff backoff) {
        if (autoRetry && retryCount < maxRetry) {
            Instant retryAt = failedAt.plus(backoff.delay(retryCount + 1, jitterSeed));
            String timer = deadlines.schedule(retryAt, RETRY_TIMER, new TaskRetryDeadline(id, retryCount));
            apply(new TaskRetryScheduledEvent(id, retryCount + 1, retryAt, timer));
        }
    }

    private void retryTimerDue(TaskRetryDeadline deadline) {
        if (status == TaskStatus.FAILED && deadline.retryCount() == retryCount && retryCount < maxRetry) {
            apply(new TaskRetriedEvent(id, retryCount + 1, maxRetry, SYSTEM));
        }
    }

    /** The timer goes with the decision that ends the lease: both commit in the same transaction, or neither. */
    private void cancelLeaseTimer(DeadlineManager deadlines) {
        if (leaseTimerId != null) {
            deadlines.cancelSchedule(LEASE_TIMER, leaseTimerId);
        }
    }

    private void cancelRetryTimer(DeadlineManager deadlines) {
        if (retryTimerId != null) {
            deadlines.cancelSchedule(RETRY_TIMER, retryTimerId);
        }
    }

    private void requireStatus(String action, TaskStatus... allowed) {
        for (TaskStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new TaskTransitionRefusedException(id, status,
                "Task " + id + " is " + status + ": cannot " + action + " it");
    }

    /** The requested value when it differs from the current one, otherwise null (no change). */
    private static <T> T changed(T current, T requested) {
        return requested == null || requested.equals(current) ? null : requested;
    }

    private static String operatorOr(String operator, String fallback) {
        return operator == null || operator.isBlank() ? fallback : operator;
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event) {
        id = event.taskId();
        status = TaskStatus.PENDING;
        taskName = event.taskName();
        taskDescription = event.taskDescription();
        taskParams = event.taskParams();
        assignedTo = event.assignedTo();
        priority = event.priority();
        maxRetry = event.maxRetry();
        createdBy = event.createdBy();
        TaskTiming timing = event.timing() == null ? TaskTiming.NONE : event.timing();
        timeoutSeconds = timing.timeoutSeconds();
        autoRetry = timing.autoRetry();
        jitterSeed = timing.jitterSeed();
    }

    @EventSourcingHandler
    void on(TaskStartedEvent event, @Timestamp Instant at) {
        status = TaskStatus.RUNNING;
        progress = 0;
        runs++;
        leaseExpiresAt = timeoutSeconds > 0 ? at.plusSeconds(timeoutSeconds) : null;
        leaseTimerId = null;
    }

    @EventSourcingHandler
    void on(TaskCompletedEvent event) {
        status = TaskStatus.COMPLETED;
        progress = 100;
        endLease();
    }

    @EventSourcingHandler
    void on(TaskFailedEvent event, @Timestamp Instant at) {
        status = TaskStatus.FAILED;
        failedAt = at;
        endLease();
    }

    @EventSourcingHandler
    void on(TaskRetriedEvent event) {
        status = TaskStatus.PENDING;
        retryCount = event.retryCount();
        progress = 0;
        retryTimerId = null;
    }

    @EventSourcingHandler
    void on(TaskCancelledEvent event) {
        status = TaskStatus.CANCELLED;
        endLease();
        retryTimerId = null;
    }

    @EventSourcingHandler
    void on(TaskLeaseTimerSetEvent event) {
        leaseExpiresAt = event.leaseExpiresAt();
        leaseTimerId = event.timerId();
    }

    @EventSourcingHandler
    void on(TaskLeaseExtendedEvent event) {
        leaseExpiresAt = event.leaseExpiresAt();
    }

    @EventSourcingHandler
    void on(TaskLeaseExpiredEvent event) {
        status = TaskStatus.FAILED;
        // the backoff counts from the end of the lease, not from when the timer got to it
        failedAt = event.leaseExpiredAt();
        endLease();
    }

    @EventSourcingHandler
    void on(TaskRetryScheduledEvent event) {
        retryTimerId = event.timerId();
    }

    private void endLease() {
        leaseExpiresAt = null;
        leaseTimerId = null;
    }

    @EventSourcingHandler
    void on(TaskUpdatedEvent event, @Timestamp Instant at) {
        if (event.taskName() != null) taskName = event.taskName();
        if (event.taskDescription() != null) taskDescription = event.taskDescription();
        if (event.taskParams() != null) taskParams = event.taskParams();
        if (event.assignedTo() != null) assignedTo = event.assignedTo();
        if (event.priority() != null) priority = event.priority();
        if (event.progress() != null) {
            progress = event.progress();
            progressAt = at;
        }
    }

    @EventSourcingHandler
    void on(TaskDeletedEvent event) {
        markDeleted();
    }
}
