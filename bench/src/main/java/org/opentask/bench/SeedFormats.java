package org.opentask.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskUpdatedEvent;

/**
 * The rows the service writes, byte for byte: an event's payload is the api record serialized by Jackson 2
 * configured as the service's Axon serializer (AxonConfiguration), its time stamp is Axon's UTC text with
 * milliseconds, and each audit row's message is the one TaskLogProjection writes for that event.
 */
final class SeedFormats {

    static final String AGGREGATE_TYPE = "Task";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final DateTimeFormatter AXON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SeedFormats() {
    }

    static byte[] payload(Object event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event, e);
        }
    }

    static String payloadType(Object event) {
        return event.getClass().getName();
    }

    static String timeStamp(Instant at) {
        return AXON_TIME.format(at);
    }

    /** Axon's meta data of a command sent through the gateway: its trace and correlation id. */
    static byte[] metaData(String messageId) {
        return ("{\"traceId\":\"" + messageId + "\",\"correlationId\":\"" + messageId + "\"}").getBytes();
    }

    /** The audit row of one event: action, message, old status, new status, operator (TaskLogProjection). */
    record LogRow(String action, String message, String oldStatus, String newStatus, String operator) {
    }

    static LogRow logRow(Object event) {
        if (event instanceof TaskCreatedEvent e) {
            return new LogRow("create", "created for " + e.assignedTo() + " (" + e.priority() + "): " + e.taskName(),
                    null, TaskStatus.PENDING.toString(), e.operator());
        }
        if (event instanceof TaskStartedEvent e) {
            return new LogRow("start", "started by " + e.operator(),
                    TaskStatus.PENDING.toString(), TaskStatus.RUNNING.toString(), e.operator());
        }
        if (event instanceof TaskCompletedEvent e) {
            return new LogRow("complete", e.result() == null ? "completed" : "completed: " + e.result(),
                    TaskStatus.RUNNING.toString(), TaskStatus.COMPLETED.toString(), e.operator());
        }
        if (event instanceof TaskFailedEvent e) {
            return new LogRow("fail", e.errorMessage() == null ? "failed" : "failed: " + e.errorMessage(),
                    TaskStatus.RUNNING.toString(), TaskStatus.FAILED.toString(), e.operator());
        }
        if (event instanceof TaskRetriedEvent e) {
            return new LogRow("retry", "retry " + e.retryCount() + " of " + e.maxRetry(),
                    TaskStatus.FAILED.toString(), TaskStatus.PENDING.toString(), e.operator());
        }
        if (event instanceof TaskUpdatedEvent e && e.progress() != null && e.taskName() == null
                && e.taskDescription() == null && e.taskParams() == null && e.assignedTo() == null
                && e.priority() == null) {
            return new LogRow("update", "updated progress=" + e.progress(),
                    e.status().toString(), e.status().toString(), e.operator());
        }
        if (event instanceof TaskCancelledEvent || event instanceof TaskDeletedEvent || event instanceof TaskUpdatedEvent) {
            throw new IllegalArgumentException("the seeder writes no " + event.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("not a task event: " + event);
    }
}
