package org.opentask.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/**
 * A task handed to a bot. Decides every command against the state machine
 * pending -> running -> completed | failed -> pending (retry) and cancel from pending, running or failed.
 * A deleted task is marked deleted, so the repository no longer loads it.
 */
@Aggregate
class Task {

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

    Task() {
        // required by Axon to rebuild the task from its events
    }

    @CommandHandler
    Task(CreateTaskCommand command) {
        TaskRules.requireName(command.taskName());
        TaskRules.requireAssignee(command.assignedTo());
        TaskRules.requireMaxRetry(command.maxRetry());
        String createdBy = Objects.requireNonNull(command.createdBy(), "createdBy");
        apply(new TaskCreatedEvent(command.taskId(), command.taskName(), command.taskDescription(),
                command.taskParams(), command.assignedTo(),
                command.priority() == null ? Priority.DEFAULT : command.priority(),
                command.maxRetry(), createdBy, operatorOr(command.operator(), createdBy)));
    }

    @CommandHandler
    void handle(StartTaskCommand command) {
        requireStatus("start", TaskStatus.PENDING);
        apply(new TaskStartedEvent(id, assignedTo, operatorOr(command.operator(), assignedTo)));
    }

    @CommandHandler
    void handle(CompleteTaskCommand command) {
        requireStatus("complete", TaskStatus.RUNNING);
        apply(new TaskCompletedEvent(id, command.result(), operatorOr(command.operator(), assignedTo)));
    }

    @CommandHandler
    void handle(FailTaskCommand command) {
        requireStatus("fail", TaskStatus.RUNNING);
        apply(new TaskFailedEvent(id, command.errorMessage(), operatorOr(command.operator(), assignedTo)));
    }

    @CommandHandler
    void handle(RetryTaskCommand command) {
        requireStatus("retry", TaskStatus.FAILED);
        if (retryCount >= maxRetry) {
            throw new TaskTransitionRefusedException(id, status,
                    "Task " + id + " cannot be retried: it has used " + retryCount + " of " + maxRetry + " retries");
        }
        apply(new TaskRetriedEvent(id, retryCount + 1, maxRetry, operatorOr(command.operator(), createdBy)));
    }

    @CommandHandler
    void handle(CancelTaskCommand command) {
        requireStatus("cancel", TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.FAILED);
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
    }

    @CommandHandler
    void handle(DeleteTaskCommand command) {
        apply(new TaskDeletedEvent(id, status, operatorOr(command.operator(), createdBy)));
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
    }

    @EventSourcingHandler
    void on(TaskStartedEvent event) {
        status = TaskStatus.RUNNING;
        progress = 0;
    }

    @EventSourcingHandler
    void on(TaskCompletedEvent event) {
        status = TaskStatus.COMPLETED;
        progress = 100;
    }

    @EventSourcingHandler
    void on(TaskFailedEvent event) {
        status = TaskStatus.FAILED;
    }

    @EventSourcingHandler
    void on(TaskRetriedEvent event) {
        status = TaskStatus.PENDING;
        retryCount = event.retryCount();
        progress = 0;
    }

    @EventSourcingHandler
    void on(TaskCancelledEvent event) {
        status = TaskStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(TaskUpdatedEvent event) {
        if (event.taskName() != null) taskName = event.taskName();
        if (event.taskDescription() != null) taskDescription = event.taskDescription();
        if (event.taskParams() != null) taskParams = event.taskParams();
        if (event.assignedTo() != null) assignedTo = event.assignedTo();
        if (event.priority() != null) priority = event.priority();
        if (event.progress() != null) progress = event.progress();
    }

    @EventSourcingHandler
    void on(TaskDeletedEvent event) {
        markDeleted();
    }
}
