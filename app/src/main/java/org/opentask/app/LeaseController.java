package org.opentask.app;

import java.time.Clock;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindExhaustedTasksQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.TaskView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Heartbeats that keep a running task's lease, and the dead-letter view of tasks that used all their retries. */
@RestController
@RequestMapping("/api/tasks")
class LeaseController {

    record Heartbeat(Integer progress) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final OpenTaskProperties properties;

    LeaseController(CommandGateway commands, QueryGateway queries, Clock clock, OpenTaskProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.properties = properties;
    }

    /** The lease then runs its timeout from now; a {@code progress} in the body is recorded as well. */
    @PutMapping("/{id}/heartbeat")
    TaskView heartbeat(@PathVariable long id, @RequestBody(required = false) Heartbeat body,
                       Operator operator) {
        Integer progress = body == null ? null : TaskRequests.progress(body.progress());
        commands.sendAndWait(new HeartbeatTaskCommand(id, progress, clock.instant(), operator.name()));
        return queries.query(new FindTaskQuery(id), ResponseTypes.optionalInstanceOf(TaskView.class)).join()
                .orElseThrow(() -> new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found"));
    }

    /**
     * {@code GET /api/tasks?exhausted=true|false} with the list's other filters: tasks that have (not) used all their
     * retries. {@code status=failed&exhausted=true} is the dead-letter view.
     */
    @GetMapping(params = "exhausted")
    List<TaskView> byRetriesLeft(@RequestParam boolean exhausted,
                                 @RequestParam(name = "assigned_to", required = false) String assignedTo,
                                 @RequestParam(required = false) String status,
                                 @RequestParam(required = false) String priority,
                                 @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) Integer offset) {
        if (offset != null && offset < 0) {
            throw new InvalidRequestException("offset", "offset must not be negative, got " + offset);
        }
        if (limit != null && (limit < 1 || limit > properties.maxLimit())) {
            throw new InvalidRequestException("limit",
                    "limit must be between 1 and " + properties.maxLimit() + ", got " + limit);
        }
        return queries.query(new FindExhaustedTasksQuery(emptyToNull(assignedTo), TaskRequests.status(status),
                        TaskRequests.priority(emptyToNull(priority)), exhausted,
                        limit == null ? properties.defaultLimit() : limit, offset == null ? 0 : offset),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
