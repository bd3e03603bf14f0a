package org.opentask.app;

import java.time.Clock;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.TaskView;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Heartbeats that keep a running task's lease. */
@RestController
@RequestMapping("/api/tasks")
class LeaseController {

    record Heartbeat(Integer progress) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    LeaseController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    /** The lease then runs its timeout from now; a {@code progress} in the body is recorded as well. */
    @PutMapping("/{id}/heartbeat")
    TaskView heartbeat(@PathVariable long id, @RequestBody(required = false) Heartbeat body,
                       Actor actor) {
        Integer progress = body == null ? null : TaskRequests.progress(body.progress());
        commands.sendAndWait(new HeartbeatTaskCommand(id, progress, clock.instant(), actor.name()));
        return queries.query(new FindTaskQuery(id), ResponseTypes.optionalInstanceOf(TaskView.class)).join()
                .orElseThrow(() -> new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found"));
    }
}
