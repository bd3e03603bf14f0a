package org.opentask.app.history;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskAtQuery;
import org.opentask.api.FindTaskEventsQuery;
import org.opentask.api.FindTaskLogQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.TaskEvent;
import org.opentask.api.TaskEventPage;
import org.opentask.api.TaskLogEntry;
import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A task's past: its audit trail (the {@code bot_task_log} rows), its raw events from the event store, and the task
 * as it was at a moment. A deleted task keeps all three.
 */
@RestController
record TaskHistoryController(QueryGateway queries, ZoneId zone) {

    static final String NEXT_AFTER = "X-Next-After";
    static final int DEFAULT_EVENTS = 100;
    static final int MAX_EVENTS = 1000;

    /** Newest first; also for a deleted task, whose history is kept. */
    @GetMapping("/api/logs/{task_id}")
    List<TaskLogEntry> log(@PathVariable("task_id") long taskId, Actor actor) {
        requireReadable(taskId, actor);
        List<TaskLogEntry> rows = queries.query(new FindTaskLogQuery(taskId),
                ResponseTypes.multipleInstancesOf(TaskLogEntry.class)).join();
        if (rows.isEmpty()) {
            throw new AggregateNotFoundException(Long.toString(taskId), "Task " + taskId + " not found");
        }
        return rows;
    }

    /**
     * Oldest first, with each event's payload; a deleted task keeps its events readable here. Paged: at most
     * {@code limit} events (default {@value #DEFAULT_EVENTS}, at most {@value #MAX_EVENTS}) and a bounded amount of
     * text, after sequence number {@code after}; when more follow, {@code X-Next-After} and a {@code Link} of
     * {@code rel="next"} say where the next page starts.
     */
    @GetMapping("/api/tasks/{id}/events")
    ResponseEntity<List<TaskEvent>> events(@PathVariable long id,
                                           @RequestParam(required = false) Long after,
                                           @RequestParam(required = false) Integer limit,
                                           Actor actor) {
        requireReadable(id, actor);
        long from = after == null ? -1 : after;
        if (from < -1) {
            throw new InvalidRequestException("after", "after must be a sequence number (0 or more), got " + from);
        }
        int count = limit == null ? DEFAULT_EVENTS : limit;
        if (count < 1 || count > MAX_EVENTS) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_EVENTS + ", got " + count);
        }
        TaskEventPage page = queries.query(new FindTaskEventsQuery(id, from, count),
                ResponseTypes.instanceOf(TaskEventPage.class)).join();
        if (page.events().isEmpty() && from < 0) {
            throw new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found");
        }
        if (page.nextAfter() == null) {
            return ResponseEntity.ok(page.events());
        }
        String link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("after", page.nextAfter())
                .build().toUriString();
        return ResponseEntity.ok()
                .header(NEXT_AFTER, Long.toString(page.nextAfter()))
                .header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"")
                .body(page.events());
    }

    /** {@code GET /api/tasks/{id}?at=...}: the task as it was then; 404 when it did not exist then. */
    @GetMapping(value = "/api/tasks/{id}", params = "at")
    TaskView at(@PathVariable long id, @RequestParam String at, Actor actor) {
        requireReadable(id, actor);
        Instant moment = RequestChecks.dateTime("at", at, zone);
        return queries.query(new FindTaskAtQuery(id, moment), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "Task " + id + " did not exist at " + at + " (not created yet, or deleted by then)"));
    }

    /**
     * A bot reads the past of its own tasks only, as they are assigned now: another bot's task, or a deleted one,
     * is unknown to it. Everyone else reads every task's past, deleted or not.
     */
    private void requireReadable(long id, Actor actor) {
        if (actor.bot() == null) {
            return;
        }
        boolean own = queries.query(new FindTaskQuery(id), ResponseTypes.optionalInstanceOf(TaskView.class)).join()
                .map(task -> actor.mayRead(task.assignedTo()))
                .orElse(false);
        if (!own) {
            throw new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found");
        }
    }
}
