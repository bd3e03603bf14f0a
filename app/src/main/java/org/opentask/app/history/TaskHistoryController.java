package org.opentask.app.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskAtQuery;
import org.opentask.api.FindTaskEventsQuery;
import org.opentask.api.FindTaskLogQuery;
import org.opentask.api.TaskEvent;
import org.opentask.api.TaskLogEntry;
import org.opentask.api.TaskView;
import org.opentask.app.system.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A task's past: its audit trail (the {@code bot_task_log} rows), its raw events from the event store, and the task
 * as it was at a moment. A deleted task keeps all three.
 */
@RestController
class TaskHistoryController {

    private final QueryGateway queries;
    private final ZoneId zone;

    TaskHistoryController(QueryGateway queries, ZoneId serverZone) {
        this.queries = queries;
        this.zone = serverZone;
    }

    /** Newest first; also for a deleted task, whose history is kept. */
    @GetMapping("/api/logs/{task_id}")
    List<TaskLogEntry> log(@PathVariable("task_id") long taskId) {
        List<TaskLogEntry> rows = queries.query(new FindTaskLogQuery(taskId),
                ResponseTypes.multipleInstancesOf(TaskLogEntry.class)).join();
        if (rows.isEmpty()) {
            throw new AggregateNotFoundException(Long.toString(taskId), "Task " + taskId + " not found");
        }
        return rows;
    }

    /** Oldest first, with each event's payload; a deleted task keeps its events readable here. */
    @GetMapping("/api/tasks/{id}/events")
    List<TaskEvent> events(@PathVariable long id) {
        List<TaskEvent> events = queries.query(new FindTaskEventsQuery(id),
                ResponseTypes.multipleInstancesOf(TaskEvent.class)).join();
        if (events.isEmpty()) {
            throw new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found");
        }
        return events;
    }

    /** {@code GET /api/tasks/{id}?at=...}: the task as it was then; 404 when it did not exist then. */
    @GetMapping(value = "/api/tasks/{id}", params = "at")
    TaskView at(@PathVariable long id, @RequestParam String at) {
        Instant moment = instant(at);
        return queries.query(new FindTaskAtQuery(id, moment), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "Task " + id + " did not exist at " + at + " (not created yet, or deleted by then)"));
    }

    /** With an offset or zone as given; without one in the server's zone, as the API prints times. */
    private Instant instant(String text) {
        String value = text.trim();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            if (value.endsWith("]")) {
                return ZonedDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRequestException("at", "at must be an ISO-8601 date-time such as 2026-04-24T10:00:00"
                    + " (server time) or 2026-04-24T10:00:00+02:00, got '" + text + "'");
        }
    }
}
