package org.opentask.app.claim;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskImportedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.app.task.TaskCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes a waiting claimer when a task becomes pending for its bot. The signal goes out only after the transaction
 * that made the task pending has committed (the outermost one, also when a command runs inside a transaction of
 * the caller's), so the woken claimer sees the task; a rolled-back command signals nothing. Events of the past are
 * not replayed here: no one waits for them.
 */
@Component
@ProcessingGroup(ClaimSignals.PROCESSING_GROUP)
@DisallowReplay
record ClaimSignals(ClaimWaiters waiters, TaskCommands tasks) {

    static final String PROCESSING_GROUP = "claim-signals";

    private static final Logger log = LoggerFactory.getLogger(ClaimSignals.class);

    @EventHandler
    void on(TaskCreatedEvent event) {
        afterCommit(event.assignedTo());
    }

    /** A task brought over from the original pending: its bot may be waiting for it already. */
    @EventHandler
    void on(TaskImportedEvent event) {
        if (event.task().status() == TaskStatus.PENDING && !event.task().deleted()) {
            afterCommit(event.task().assignedTo());
        }
    }

    @EventHandler
    void on(TaskRetriedEvent event) {
        // a retry keeps the assignee, so the row read here names the right bot whatever projection ran first
        tasks.current(event.taskId()).ifPresent(task -> afterCommit(task.assignedTo()));
    }

    @EventHandler
    void on(TaskUpdatedEvent event) {
        if (event.assignedTo() != null && event.status() == TaskStatus.PENDING) {
            afterCommit(event.assignedTo());
        }
    }

    private void afterCommit(String bot) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal(bot);
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> signal(bot));
        } else {
            signal(bot);
        }
    }

    /** Runs after the commit: a failure here must not make the committed command look failed. */
    private void signal(String bot) {
        try {
            waiters.signal(bot);
        } catch (RuntimeException e) {
            log.warn("Could not wake the claimers waiting for {}; the periodic re-check will", bot, e);
        }
    }
}
