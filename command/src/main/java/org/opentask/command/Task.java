package org.opentask.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;
import static org.opentask.command.TaskRules.changed;
import static org.opentask.command.TaskRules.operatorOr;
import static org.opentask.command.TaskRules.requireStatus;

import java.time.Instant;
import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.opentask.api.BotAuthority;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.ExpireLeaseCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.ImportTaskCommand;
import org.opentask.api.ImportedTask;
import org.opentask.api.Priority;
import org.opentask.api.RetryDueCommand;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskImportedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskState;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/**
 * A task handed to a bot: pending -> running -> completed | failed -> pending (retry), cancel from pending, running
 * or failed; a deleted task is marked deleted. Every command is answered with the task as it left it ({@link
 * TaskState}). A started task may hold a lease that heartbeats and progress extend; the lease sweep finds ended
 * leases and due retries on the read model ({@link ExpireLeaseCommand}, {@link RetryDueCommand}). The aggregate
 * never reads the clock: times come from commands and from its events' timestamps (see {@code docs/leases.md}).
 */
@Aggregate(cache = "taskCache", snapshotTriggerDefinition = "taskSnapshotTrigger", commandTargetResolver = "taskTargets")
class Task {

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
    /** The bot whose key created the task, null when an operator did: that bot may cancel, edit and delete it. */
    private String creatorBot;
    private String result;
    private String errorMessage;
    private Instant createdAt;
    private Instant startedAt;
    private Instant completedAt;
    // the lease of a running task and the automatic retry of a failed one
    private int timeoutSeconds;
    private boolean autoRetry;
    private Instant notBefore;
    private long jitterSeed;
    private Instant leaseExpiresAt;
    private Instant progressAt;
    private Instant failedAt;
    private Instant nextRetryAt;

    Task() { // required by Axon to rebuild the task from its events, and to create one
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    TaskState handle(CreateTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        TaskRules.requireName(command.taskName());
        TaskRules.requireAssignee(command.assignedTo());
        TaskRules.requireMaxRetry(command.maxRetry());
        String creator = Objects.requireNonNull(command.createdBy(), "createdBy");
        TaskTiming timing = command.timing() == null ? TaskTiming.NONE : command.timing();
        TaskRules.requireTiming(timing);
        apply(new TaskCreatedEvent(command.taskId(), command.taskName(), command.taskDescription(),
                command.taskParams(), command.assignedTo(),
                command.priority() == null ? Priority.DEFAULT : command.priority(),
                command.maxRetry(), creator, operatorOr(command.operator(), creator), timing, command.callbackUrl()),
                bot == null ? MetaData.emptyInstance() : MetaData.with(BotAuthority.ACTING_BOT, bot));
        return state();
    }

    /** A task of another OpenTask service, under its own id and in its own state; it has no lease, as it had none. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    TaskState handle(ImportTaskCommand command) {
        TaskRules.requireImportable(command.taskId(), Objects.requireNonNull(command.task(), "task"));
        apply(new TaskImportedEvent(command.taskId(), command.task(), command.source(), command.operator()));
        return state();
    }

    @CommandHandler
    TaskState handle(StartTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireAssignee("start");
        requireStatus(id, status, "start", TaskStatus.PENDING);
        Instant leaseEnd = timeoutSeconds > 0 ? Objects.requireNonNull(command.at(), "at").plusSeconds(timeoutSeconds)
                : null;
        apply(new TaskStartedEvent(id, assignedTo, operatorOr(command.operator(), assignedTo), leaseEnd));
        return state();
    }

    @CommandHandler
    TaskState handle(CompleteTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireAssignee("complete");
        requireStatus(id, status, "complete", TaskStatus.RUNNING);
        apply(new TaskCompletedEvent(id, command.result(), operatorOr(command.operator(), assignedTo)));
        return state();
    }

    @CommandHandler
    TaskState handle(FailTaskCommand command, RetryBackoff backoff,
                     @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireAssignee("fail");
        requireStatus(id, status, "fail", TaskStatus.RUNNING);
        apply(new TaskFailedEvent(id, command.errorMessage(), operatorOr(command.operator(), assignedTo)));
        scheduleAutomaticRetry(backoff);
        return state();
    }

    @CommandHandler
    TaskState handle(RetryTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireAssigneeOrCreator("retry");
        requireStatus(id, status, "retry", TaskStatus.FAILED);
        if (retryCount >= maxRetry) {
            throw new TaskTransitionRefusedException(id, status,
                    "Task " + id + " is " + status + ": cannot retry it, it has used " + retryCount + " of " + maxRetry
                            + " retries");
        }
        apply(new TaskRetriedEvent(id, retryCount + 1, maxRetry, operatorOr(command.operator(), createdBy)));
        return state();
    }

    @CommandHandler
    TaskState handle(CancelTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireCreator("cancel");
        requireStatus(id, status, "cancel", TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.FAILED);
        apply(new TaskCancelledEvent(id, status, operatorOr(command.operator(), createdBy), command.reason()));
        return state();
    }

    @CommandHandler
    TaskState handle(UpdateTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireEditor(command);
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
        return state();
    }

    @CommandHandler
    TaskState handle(HeartbeatTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireAssignee("heartbeat");
        requireStatus(id, status, "heartbeat", TaskStatus.RUNNING);
        String operator = operatorOr(command.operator(), assignedTo);
        Integer newProgress = changed(progress, command.progress());
        if (newProgress != null) {
            TaskRules.requireProgress(newProgress);
            apply(new TaskUpdatedEvent(id, null, null, null, null, null, newProgress, status, operator));
        }
        extendLease(Objects.requireNonNull(command.at(), "at"), operator);
        return state();
    }

    @CommandHandler
    TaskState handle(DeleteTaskCommand command, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        new TaskAuthority(id, assignedTo, creatorBot, bot).requireCreator("delete");
        apply(new TaskDeletedEvent(id, status, operatorOr(command.operator(), createdBy)));
        return null;
    }

    /** The lease sweep found this task's lease ended: it fails, unless a sign of life came after all. */
    @CommandHandler
    TaskState handle(ExpireLeaseCommand command, RetryBackoff backoff) {
        if (status == TaskStatus.RUNNING && leaseExpiresAt != null && !leaseExpiresAt.isAfter(command.at())) {
            apply(new TaskLeaseExpiredEvent(id, leaseExpiresAt, "Lease expired: no heartbeat or progress from "
                    + assignedTo + " within " + timeoutSeconds + " seconds; the engine failed the task", SYSTEM));
            scheduleAutomaticRetry(backoff);
        }
        return state();
    }

    /** The lease sweep found this task's automatic retry due: it is retried, unless something came first. */
    @CommandHandler
    TaskState handle(RetryDueCommand command) {
        if (status == TaskStatus.FAILED && nextRetryAt != null && !nextRetryAt.isAfter(command.at())
                && retryCount < maxRetry) {
            apply(new TaskRetriedEvent(id, retryCount + 1, maxRetry, SYSTEM));
        }
        return state();
    }

    /** A sign of life at {@code at}: the lease now ends the timeout after it. */
    private void extendLease(Instant at, String operator) {
        if (leaseExpiresAt != null && at.plusSeconds(timeoutSeconds).isAfter(leaseExpiresAt)) {
            apply(new TaskLeaseExtendedEvent(id, at.plusSeconds(timeoutSeconds), operator));
        }
    }

    /** After a failure or an expiry: with automatic retry and retries left, the task is retried later. */
    private void scheduleAutomaticRetry(RetryBackoff backoff) {
        if (autoRetry && retryCount < maxRetry) {
            Instant retryAt = failedAt.plus(backoff.delay(retryCount + 1, jitterSeed));
            apply(new TaskRetryScheduledEvent(id, retryCount + 1, retryAt, null));
        }
    }

    /** The task as this command leaves it: the read model's row once the command commits. */
    private TaskState state() {
        return new TaskState(id, taskName, taskDescription, taskParams, assignedTo, priority, status, progress,
                createdAt, startedAt, completedAt, result, errorMessage, retryCount, maxRetry, createdBy,
                timeoutSeconds, autoRetry, notBefore, leaseExpiresAt, nextRetryAt);
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event, @Timestamp Instant at, @MetaDataValue(BotAuthority.ACTING_BOT) String bot) {
        id = event.taskId();
        creatorBot = bot;
        status = TaskStatus.PENDING;
        taskName = event.taskName();
        taskDescription = event.taskDescription();
        taskParams = event.taskParams();
        assignedTo = event.assignedTo();
        priority = event.priority();
        maxRetry = event.maxRetry();
        createdBy = event.createdBy();
        createdAt = at;
        TaskTiming timing = event.timing() == null ? TaskTiming.NONE : event.timing();
        timeoutSeconds = timing.timeoutSeconds();
        autoRetry = timing.autoRetry();
        notBefore = timing.notBefore();
        jitterSeed = timing.jitterSeed();
    }

    @EventSourcingHandler
    void on(TaskImportedEvent event) {
        ImportedTask task = event.task();
        id = event.taskId(); status = task.status();
        taskName = task.taskName(); taskDescription = task.taskDescription(); taskParams = task.taskParams();
        assignedTo = task.assignedTo(); priority = task.priority(); progress = task.progress();
        createdAt = task.createdAt(); startedAt = task.startedAt(); completedAt = task.completedAt();
        result = task.result(); errorMessage = task.errorMessage();
        retryCount = task.retryCount(); maxRetry = task.maxRetry(); createdBy = task.createdBy();
        failedAt = status == TaskStatus.FAILED ? completedAt : null;
        if (task.deleted()) markDeleted();
    }

    @EventSourcingHandler
    void on(TaskStartedEvent event, @Timestamp Instant at) {
        status = TaskStatus.RUNNING;
        progress = 0;
        startedAt = at;
        if (event.leaseExpiresAt() != null) {
            leaseExpiresAt = event.leaseExpiresAt();
        } else {
            // recorded before the start carried its lease end: the lease ran the timeout from the start
            leaseExpiresAt = timeoutSeconds > 0 ? at.plusSeconds(timeoutSeconds) : null;
        }
    }

    @EventSourcingHandler
    void on(TaskCompletedEvent event, @Timestamp Instant at) {
        ended(TaskStatus.COMPLETED, at);
        progress = 100;
        result = event.result();
    }

    @EventSourcingHandler
    void on(TaskFailedEvent event, @Timestamp Instant at) {
        failed(event.errorMessage(), at);
        failedAt = at;
    }

    @EventSourcingHandler
    void on(TaskLeaseExpiredEvent event, @Timestamp Instant at) {
        failed(event.errorMessage(), at);
        // the backoff counts from the end of the lease, not from when the sweep got to it
        failedAt = event.leaseExpiredAt();
    }

    private void failed(String message, Instant at) {
        ended(TaskStatus.FAILED, at);
        errorMessage = message;
    }

    private void ended(TaskStatus end, Instant at) {
        status = end;
        completedAt = at;
        leaseExpiresAt = null;
    }

    @EventSourcingHandler
    void on(TaskRetriedEvent event) {
        status = TaskStatus.PENDING;
        retryCount = event.retryCount();
        progress = 0;
        startedAt = null;
        completedAt = null;
        nextRetryAt = null;
    }

    @EventSourcingHandler
    void on(TaskCancelledEvent event, @Timestamp Instant at) {
        ended(TaskStatus.CANCELLED, at);
        nextRetryAt = null;
    }

    @EventSourcingHandler
    void on(TaskLeaseTimerSetEvent event) {
        leaseExpiresAt = event.leaseExpiresAt();
    }

    @EventSourcingHandler
    void on(TaskLeaseExtendedEvent event) {
        leaseExpiresAt = event.leaseExpiresAt();
    }

    @EventSourcingHandler
    void on(TaskRetryScheduledEvent event) {
        nextRetryAt = event.retryAt();
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
