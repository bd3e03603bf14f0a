package org.opentask.app.task;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.BotAuthority;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.springframework.beans.factory.ObjectProvider;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskState;
import org.opentask.api.TaskView;
import org.opentask.app.lease.TaskTimings;
import org.opentask.app.security.Actor;
import org.springframework.stereotype.Component;

/**
 * The one way a request becomes a command: each method sends one command for an {@link Actor} and answers with
 * the task as the command left it, which the Task aggregate hands back ({@link TaskState}): the same as the read
 * model's row, which the command's own transaction has written, without reading it again. The REST API, the
 * idempotent create, claims and the console all go through here.
 */
@Component
public class TaskCommands {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TaskIdAllocator ids;
    private final TaskTimings timings;
    private final CallbackUrls callbackUrls;
    private final Clock clock;
    private final ZoneId zone;

    TaskCommands(CommandGateway commands, QueryGateway queries, TaskIdAllocator ids, TaskTimings timings,
                 ObjectProvider<CallbackUrls> callbackUrls, Clock clock, ZoneId serverZone) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.timings = timings;
        this.callbackUrls = callbackUrls.getIfAvailable(() -> CallbackUrls.NONE);
        this.clock = clock;
        this.zone = serverZone;
    }

    /** Checks a create request (a 400 names the field) and creates the task under a new id. */
    TaskView create(TaskRequests.CreateTask request, Actor actor) {
        NewTask task = request.check(timings, callbackUrls);
        return create(task, actor, ids.nextId());
    }

    /** As {@link #create(TaskRequests.CreateTask, Actor)}, under an id the caller took (the idempotent create). */
    TaskView create(TaskRequests.CreateTask request, Actor actor, long id) {
        return create(request.check(timings, callbackUrls), actor, id);
    }

    /** Creates a task whose fields the caller has checked, under a new id. */
    public TaskView create(NewTask task, Actor actor) {
        return create(task, actor, ids.nextId());
    }

    private TaskView create(NewTask task, Actor actor, long id) {
        return send(id, new CreateTaskCommand(id, task.taskName(), task.taskDescription(), task.taskParams(),
                task.assignedTo(), task.priority(), task.maxRetry(), task.createdBy(), actor.name(), task.timing(),
                task.callbackUrl()),
                actor);
    }

    TaskView update(long id, TaskRequests.UpdateTask request, Actor actor) {
        return send(id, request.command(id, actor), actor);
    }

    public TaskView start(long id, Actor actor) {
        return send(id, new StartTaskCommand(id, clock.instant(), actor.name()), actor);
    }

    public TaskView complete(long id, String result, Actor actor) {
        return send(id, new CompleteTaskCommand(id, result, actor.name()), actor);
    }

    public TaskView fail(long id, String errorMessage, Actor actor) {
        return send(id, new FailTaskCommand(id, errorMessage, actor.name()), actor);
    }

    public TaskView retry(long id, Actor actor) {
        return send(id, new RetryTaskCommand(id, actor.name()), actor);
    }

    public TaskView cancel(long id, String reason, Actor actor) {
        return send(id, new CancelTaskCommand(id, reason, actor.name()), actor);
    }

    /** A deleted task is no one's any more: there is nothing to answer with. */
    public void delete(long id, Actor actor) {
        commands.sendAndWait(message(new DeleteTaskCommand(id, actor.name()), actor));
    }

    /** The lease then runs its timeout from now; a {@code progress} is recorded as well. */
    TaskView heartbeat(long id, Integer progress, Actor actor) {
        return send(id, new HeartbeatTaskCommand(id, progress, clock.instant(), actor.name()), actor);
    }

    /**
     * Sends {@code command} on task {@code id} for {@code actor} and answers with the task as the command left it.
     * A bot's command names the bot, and the Task aggregate then lets it change only what is that bot's.
     */
    private TaskView send(long id, Object command, Actor actor) {
        TaskState state = commands.sendAndWait(message(command, actor));
        if (state == null) {
            throw new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found");
        }
        return state.view(zone);
    }

    private static CommandMessage<?> message(Object command, Actor actor) {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        return actor.bot() == null ? message : message.andMetaData(Map.of(BotAuthority.ACTING_BOT, actor.bot()));
    }

    /** The task as the read model holds it now; empty when it is unknown or deleted. */
    public Optional<TaskView> current(long id) {
        return queries.query(new FindTaskQuery(id), ResponseTypes.optionalInstanceOf(TaskView.class)).join();
    }

    /** The task as the read model holds it now; unknown or deleted is a 404. */
    TaskView find(long id) {
        return current(id)
                .orElseThrow(() -> new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found"));
    }
}
