package org.opentask.app.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskAtQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns task events into deliveries. It runs on a tracking processor of its own ({@link #PROCESSING_GROUP}), so
 * its rows are inserted in the transaction that moves its token: each event becomes each of its deliveries exactly
 * once, across restarts and instances, and a replay of the read models, which never touches this token, sends
 * nothing again. With no subscription wanting an event, handling it reads nothing.
 */
@ProcessingGroup(TaskEventWebhooks.PROCESSING_GROUP)
record TaskEventWebhooks(SubscriptionCache subscriptions, DeliveryTable deliveries, CallbackTable callbacks,
                         QueryGateway queries, JsonMapper json, WebhookProperties properties, Runnable wakeSender) {

    static final String PROCESSING_GROUP = "webhooks";

    /** The body of every delivery: the Standard Webhooks envelope, with the task as the API shows it. */
    record Payload(String type, Instant timestamp, TaskView data) {
    }

    @EventHandler
    void on(TaskCreatedEvent event, EventMessage<?> message) {
        if (event.callbackUrl() != null && properties.callbacks().enabled()) {
            callbacks.insert(event.taskId(), event.callbackUrl());
        }
        new Delivering(event.taskId(), message, TaskStatus.PENDING).to(EventKind.CREATED);
    }

    @EventHandler
    void on(TaskStartedEvent event, EventMessage<?> message) {
        new Delivering(event.taskId(), message, TaskStatus.RUNNING).to(EventKind.STARTED);
    }

    @EventHandler
    void on(TaskCompletedEvent event, EventMessage<?> message) {
        ended(event.taskId(), message, TaskStatus.COMPLETED, EventKind.COMPLETED);
    }

    @EventHandler
    void on(TaskFailedEvent event, EventMessage<?> message) {
        failed(event.taskId(), message, EventKind.FAILED);
    }

    @EventHandler
    void on(TaskLeaseExpiredEvent event, EventMessage<?> message) {
        failed(event.taskId(), message, EventKind.EXPIRED);
    }

    @EventHandler
    void on(TaskRetriedEvent event, EventMessage<?> message) {
        new Delivering(event.taskId(), message, TaskStatus.PENDING).to(EventKind.RETRIED);
    }

    @EventHandler
    void on(TaskCancelledEvent event, EventMessage<?> message) {
        ended(event.taskId(), message, TaskStatus.CANCELLED, EventKind.CANCELLED);
    }

    @EventHandler
    void on(TaskDeletedEvent event) {
        if (properties.callbacks().enabled()) {
            callbacks.delete(event.taskId());
        }
    }

    /** A task's end: the subscriptions that want its kind hear of it, and so does its callback. */
    private void ended(long taskId, EventMessage<?> message, TaskStatus status, EventKind kind) {
        Delivering delivering = new Delivering(taskId, message, status);
        delivering.to(kind);
        delivering.toCallback(kind, true);
    }

    /** A failure, and when no retry is left, the task's exhaustion too; a callback hears of it unless a retry waits. */
    private void failed(long taskId, EventMessage<?> message, EventKind kind) {
        Delivering delivering = new Delivering(taskId, message, TaskStatus.FAILED);
        delivering.to(kind);
        boolean exhaustedWanted = delivering.anyoneWants(EventKind.EXHAUSTED);
        if (!exhaustedWanted && !properties.callbacks().enabled()) {
            return;
        }
        Optional<TaskView> task = delivering.task();
        boolean retryWaits = task.map(t -> t.nextRetryTime() != null).orElse(false);
        boolean exhausted = task.map(t -> !retryWaits && t.retryCount() >= t.maxRetry()).orElse(false);
        if (exhausted) {
            delivering.to(EventKind.EXHAUSTED);
        }
        if (!retryWaits) {
            delivering.toCallback(exhausted ? EventKind.EXHAUSTED : kind, exhausted);
        }
    }

    /** One event on its way to the subscriptions that want it; reads its task at most once, when first needed. */
    private final class Delivering {

        private final long taskId;
        private final EventMessage<?> message;
        private final TaskStatus statusAfter;
        private final List<Subscription> current;
        private Optional<TaskView> task;

        Delivering(long taskId, EventMessage<?> message, TaskStatus statusAfter) {
            this.taskId = taskId;
            this.message = message;
            this.statusAfter = statusAfter;
            this.current = subscriptions.current();
        }

        boolean anyoneWants(EventKind kind) {
            if (current.isEmpty()) {
                return false;
            }
            long at = message.getTimestamp().toEpochMilli();
            return current.stream().anyMatch(s -> s.enabled() && s.events().contains(kind) && s.createdMillis() <= at);
        }

        void to(EventKind kind) {
            if (!anyoneWants(kind)) {
                return;
            }
            Optional<TaskView> view = task();
            if (view.isEmpty()) {
                return;
            }
            long at = message.getTimestamp().toEpochMilli();
            List<Subscription> wanting = new ArrayList<>();
            for (Subscription s : current) {
                if (s.createdMillis() <= at && s.wants(kind, view.get().assignedTo(), view.get().taskName())) {
                    wanting.add(s);
                }
            }
            if (wanting.isEmpty()) {
                return;
            }
            String body = body(kind, view.get());
            for (Subscription s : wanting) {
                enqueue(messageId(kind, Long.toString(s.id())), s.id(), s.url(), kind, body);
            }
        }

        /** The task's callback URL hears of its end; {@code last}: the task cannot go on, the URL is forgotten. */
        void toCallback(EventKind kind, boolean last) {
            if (!properties.callbacks().enabled()) {
                return;
            }
            Optional<String> url = callbacks.find(taskId);
            if (url.isEmpty()) {
                return;
            }
            Optional<TaskView> view = task();
            if (view.isPresent()) {
                enqueue(messageId(kind, "cb"), null, url.get(), kind, body(kind, view.get()));
            }
            if (last) {
                callbacks.delete(taskId);
            }
        }

        /**
         * The task as this event left it: its {@code bot_task} row, which the processor reads a few milliseconds
         * after the command; when the task has moved on since (the processor catching up after a pause), the task
         * folded from its events up to this one.
         */
        Optional<TaskView> task() {
            if (task == null) {
                Optional<TaskView> row = queries.query(new FindTaskQuery(taskId),
                        ResponseTypes.optionalInstanceOf(TaskView.class)).join();
                if (row.isEmpty() || row.get().status() != statusAfter) {
                    row = queries.query(new FindTaskAtQuery(taskId, message.getTimestamp()),
                            ResponseTypes.optionalInstanceOf(TaskView.class)).join();
                }
                task = row;
            }
            return task;
        }

        private String messageId(EventKind kind, String target) {
            return "msg_" + message.getIdentifier().replace("-", "") + "_" + kind.label() + "_" + target;
        }

        private String body(EventKind kind, TaskView view) {
            return json.writeValueAsString(new Payload(kind.type(), message.getTimestamp(), view));
        }

        private void enqueue(String messageId, Long subscriptionId, String url, EventKind kind, String body) {
            long now = message.getTimestamp().toEpochMilli();
            if (deliveries.insert(messageId, subscriptionId, url, kind.type(), taskId, body, now,
                    now + properties.retryFor().toMillis())) {
                CurrentUnitOfWork.ifStarted(unit -> unit.root().afterCommit(u -> wakeSender.run()));
            }
        }
    }
}
