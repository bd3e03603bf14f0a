package org.opentask.app.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;

/**
 * Counts what happens to tasks, {@code opentask_task_events_total{event=...}}, from the events as this instance
 * publishes them: counted once their transaction has committed, so a refused or rolled-back command counts
 * nothing. No statement is added to a command: the counter is a memory increment after the commit.
 */
final class TaskEventCounters implements MessageDispatchInterceptor<EventMessage<?>> {

    static final String NAME = "opentask.task.events";

    private final Map<Class<?>, Counter> counters;

    TaskEventCounters(MeterRegistry registry) {
        this.counters = Map.of(
                TaskCreatedEvent.class, counter(registry, "created"),
                TaskStartedEvent.class, counter(registry, "started"),
                TaskCompletedEvent.class, counter(registry, "completed"),
                TaskFailedEvent.class, counter(registry, "failed"),
                TaskRetriedEvent.class, counter(registry, "retried"),
                TaskCancelledEvent.class, counter(registry, "cancelled"),
                TaskLeaseExpiredEvent.class, counter(registry, "lease_expired"),
                TaskDeletedEvent.class, counter(registry, "deleted"));
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder(NAME).tag("event", event)
                .description("Task events stored by this instance, by kind").register(registry);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, event) -> {
            Counter counter = counters.get(event.getPayloadType());
            if (counter != null) {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(unitOfWork -> counter.increment());
                } else {
                    counter.increment();
                }
            }
            return event;
        };
    }
}
