package org.opentask.app;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.opentask.api.Priority;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.app.task.TaskIdAllocator;

/**
 * Task histories written straight into the real event store with timestamps the test chooses, as the aggregate
 * would have stored them: every projection, the subscribing ones and the analytics, sees them as real events.
 */
public final class StoredTaskEvents {

    private final EventStore eventStore;
    private final TaskIdAllocator ids;

    public StoredTaskEvents(EventStore eventStore, TaskIdAllocator ids) {
        this.eventStore = eventStore;
        this.ids = ids;
    }

    /** The one place tests build a creation event (its fields grow with features). */
    public static TaskCreatedEvent createdEvent(long id, String name, String assignedTo) {
        return new TaskCreatedEvent(id, name, null, null, assignedTo, Priority.P2, 3, "hope", "tester", TaskTiming.NONE);
    }

    public Story task(String assignedTo) {
        return new Story(assignedTo);
    }

    /** One task's events, in order; each call stores one event. */
    public final class Story {

        public final long id = ids.nextId();
        private String assignedTo;
        private long sequence;

        private Story(String assignedTo) {
            this.assignedTo = assignedTo;
        }

        public Story created(Instant at) {
            return publish(createdEvent(id, "task " + id, assignedTo), at);
        }

        public Story reassigned(Instant at, String bot) {
            assignedTo = bot;
            return publish(new TaskUpdatedEvent(id, null, null, null, bot, null, null, TaskStatus.PENDING, "tester"),
                    at);
        }

        public Story started(Instant at) {
            return publish(new TaskStartedEvent(id, assignedTo, assignedTo, null), at);
        }

        public Story completed(Instant at) {
            return publish(new TaskCompletedEvent(id, "done", assignedTo), at);
        }

        public Story failed(Instant at) {
            return publish(new TaskFailedEvent(id, "broken", assignedTo), at);
        }

        public Story retried(Instant at) {
            return publish(new TaskRetriedEvent(id, 1, 3, "tester"), at);
        }

        public Story cancelled(Instant at, TaskStatus from) {
            return publish(new TaskCancelledEvent(id, from, "tester"), at);
        }

        private Story publish(Object payload, Instant at) {
            eventStore.publish(new GenericDomainEventMessage<>("Task", Long.toString(id), sequence++, payload,
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), at));
            return this;
        }
    }
}
