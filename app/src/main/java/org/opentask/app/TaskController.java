package org.opentask.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.FindPendingTasksQuery;
import org.opentask.api.FindTaskQuery;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskView;
import org.opentask.api.UpdateTaskCommand;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original OpenTask task API. Each call checks its input, sends one command or query and answers with the
 * task as the read model holds it; the read model is written in the command's own transaction, so the answer
 * already shows the command's effect.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TaskIdAllocator ids;
    private final OpenTaskProperties properties;
    private final TaskTimings timings;

    TaskController(CommandGateway commands, QueryGateway queries, TaskIdAllocator ids, OpenTaskProperties properties,
                   TaskTimings timings) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.properties = properties;
        this.timings = timings;
    }

    @PostMapping
    TaskView create(@RequestBody TaskRequests.CreateTask body,
                    Actor actor) {
        return create(body, actor, ids::nextId);
    }

    /** Checks the body and creates the task under the id {@code nextId} hands out (the idempotent create's own). */
    TaskView create(TaskRequests.CreateTask body, Actor actor, LongSupplier nextId) {
        String name = RequestChecks.requireText("task_name", body.taskName(), TaskLimits.NAME_LENGTH);
        String bot = RequestChecks.requireText("assigned_to", body.assignedTo(), TaskLimits.BOT_LENGTH);
        Priority priority = TaskRequests.priority(body.priority());
        String createdBy = RequestChecks.optionalText("created_by", body.createdBy(), TaskLimits.BOT_LENGTH);
        int maxRetry = body.maxRetry() == null ? TaskLimits.DEFAULT_MAX_RETRY : body.maxRetry();
        if (maxRetry < 0 || maxRetry > TaskLimits.MAX_RETRY) {
            throw new InvalidRequestException("max_retry",
                    "max_retry must be between 0 and " + TaskLimits.MAX_RETRY + ", got " + maxRetry);
        }
        TaskTiming timing = timings.of(body.timeoutSeconds(), body.autoRetry(), body.notBefore());
        long id = nextId.getAsLong();
        commands.sendAndWait(new CreateTaskCommand(id, name, body.taskDescription(),
                TaskRequests.text(body.taskParams()), bot, priority == null ? Priority.DEFAULT : priority, maxRetry,
                createdBy == null ? "hope" : createdBy, actor.name(), timing));
        return find(id);
    }

    /** {@code exhausted=true} with {@code status=failed} is the dead-letter view: tasks that used all their retries. */
    @GetMapping
    List<TaskView> list(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                        @RequestParam(required = false) String status,
                        @RequestParam(required = false) String priority,
                        @RequestParam(required = false) Boolean exhausted,
                        @RequestParam(required = false) Integer limit,
                        @RequestParam(required = false) Integer offset) {
        if (offset != null && offset < 0) {
            throw new InvalidRequestException("offset", "offset must not be negative, got " + offset);
        }
        return queries.query(new FindTasksQuery(RequestChecks.emptyToNull(assignedTo), TaskRequests.status(status),
                        TaskRequests.priority(RequestChecks.emptyToNull(priority)), exhausted, limit(limit),
                        offset == null ? 0 : offset),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
    }

    @GetMapping("/pending")
    List<TaskView> pending(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                           @RequestParam(required = false) Integer limit) {
        String bot = RequestChecks.requireText("assigned_to", RequestChecks.emptyToNull(assignedTo),
                TaskLimits.BOT_LENGTH);
        return queries.query(new FindPendingTasksQuery(bot, limit(limit)),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable long id) {
        return find(id);
    }

    @PutMapping("/{id}")
    TaskView update(@PathVariable long id, @RequestBody TaskRequests.UpdateTask body,
                    Actor actor) {
        if (body.status() != null && !body.status().isNull()) {
            throw new InvalidRequestException("status", "status cannot be edited: use the start, complete, fail, "
                    + "retry and cancel calls, which check the transition");
        }
        commands.sendAndWait(new UpdateTaskCommand(id,
                RequestChecks.optionalText("task_name", body.taskName(), TaskLimits.NAME_LENGTH),
                body.taskDescription(),
                TaskRequests.text(body.taskParams()),
                RequestChecks.optionalText("assigned_to", body.assignedTo(), TaskLimits.BOT_LENGTH),
                TaskRequests.priority(body.priority()),
                TaskRequests.progress(body.progress()),
                actor.name()));
        return find(id);
    }

    @DeleteMapping("/{id}")
    Map<String, Object> delete(@PathVariable long id,
                               Actor actor) {
        commands.sendAndWait(new DeleteTaskCommand(id, actor.name()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("deleted", true);
        return answer;
    }

    @PutMapping("/{id}/start")
    TaskView start(@PathVariable long id, Actor actor) {
        commands.sendAndWait(new StartTaskCommand(id, actor.name()));
        return find(id);
    }

    @PutMapping("/{id}/complete")
    TaskView complete(@PathVariable long id, @RequestBody(required = false) TaskRequests.CompleteTask body,
                      Actor actor) {
        commands.sendAndWait(new CompleteTaskCommand(id, body == null ? null : TaskRequests.text(body.result()),
                actor.name()));
        return find(id);
    }

    @PutMapping("/{id}/fail")
    TaskView fail(@PathVariable long id, @RequestBody(required = false) TaskRequests.FailTask body,
                  Actor actor) {
        commands.sendAndWait(new FailTaskCommand(id, body == null ? null : TaskRequests.text(body.errorMessage()),
                actor.name()));
        return find(id);
    }

    @PutMapping("/{id}/retry")
    TaskView retry(@PathVariable long id, Actor actor) {
        commands.sendAndWait(new RetryTaskCommand(id, actor.name()));
        return find(id);
    }

    @PutMapping("/{id}/cancel")
    TaskView cancel(@PathVariable long id, @RequestBody(required = false) TaskRequests.CancelTask body,
                    Actor actor) {
        String reason = body == null ? null
                : RequestChecks.optionalText("reason", TaskRequests.text(body.reason()), TaskLimits.REASON_LENGTH);
        commands.sendAndWait(new CancelTaskCommand(id, reason, actor.name()));
        return find(id);
    }

    private TaskView find(long id) {
        return queries.query(new FindTaskQuery(id), ResponseTypes.optionalInstanceOf(TaskView.class)).join()
                .orElseThrow(() -> new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found"));
    }

    private int limit(Integer limit) {
        if (limit == null) {
            return properties.defaultLimit();
        }
        if (limit < 1 || limit > properties.maxLimit()) {
            throw new InvalidRequestException("limit",
                    "limit must be between 1 and " + properties.maxLimit() + ", got " + limit);
        }
        return limit;
    }
}
