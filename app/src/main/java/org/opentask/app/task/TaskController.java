package org.opentask.app.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindPendingTasksQuery;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskPage;
import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.OpenTaskProperties;
import org.opentask.app.system.RequestChecks;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The original OpenTask task API, and the heartbeat of a task's lease. Each call checks its input, sends one
 * command through {@link TaskCommands} or asks one query, and answers with the task as the read model holds it;
 * the read model is written in the command's own transaction, so the answer already shows the command's effect.
 */
@RestController
@RequestMapping("/api/tasks")
record TaskController(TaskCommands tasks, QueryGateway queries, OpenTaskProperties properties) {

    static final String NEXT_OFFSET = "X-Next-Offset";

    @PostMapping
    TaskView create(@RequestBody TaskRequests.CreateTask body, Actor actor) {
        return tasks.create(body, actor);
    }

    /**
     * {@code exhausted=true} with {@code status=failed} is the dead-letter view: tasks that used all their retries.
     * A page holds at most {@code limit} tasks and a bounded amount of text; when more follow, the answer says where
     * the next page starts ({@link #withNextPage}).
     */
    @GetMapping
    ResponseEntity<List<TaskView>> list(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                                        @RequestParam(required = false) String status,
                                        @RequestParam(required = false) String priority,
                                        @RequestParam(required = false) Boolean exhausted,
                                        @RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) Integer offset,
                                        Actor actor) {
        int from = offset(offset);
        TaskPage page = queries.query(new FindTasksQuery(actor.queue(RequestChecks.emptyToNull(assignedTo)),
                        TaskRequests.status(status), TaskRequests.priority(RequestChecks.emptyToNull(priority)),
                        exhausted, properties.limit(limit), from),
                ResponseTypes.instanceOf(TaskPage.class)).join();
        return withNextPage(page, from);
    }

    @GetMapping("/pending")
    ResponseEntity<List<TaskView>> pending(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                                           @RequestParam(required = false) Integer limit,
                                           @RequestParam(required = false) Integer offset,
                                           Actor actor) {
        String bot = actor.queue(RequestChecks.requireText("assigned_to", RequestChecks.emptyToNull(assignedTo),
                TaskLimits.BOT_LENGTH));
        int from = offset(offset);
        TaskPage page = queries.query(new FindPendingTasksQuery(bot, properties.limit(limit), from),
                ResponseTypes.instanceOf(TaskPage.class)).join();
        return withNextPage(page, from);
    }

    /**
     * The page's tasks; when more follow, {@code X-Next-Offset} and a {@code Link} of {@code rel="next"} give the
     * {@code offset} of the next page.
     */
    private static ResponseEntity<List<TaskView>> withNextPage(TaskPage page, int offset) {
        if (!page.more()) {
            return ResponseEntity.ok(page.tasks());
        }
        int next = offset + page.tasks().size();
        String link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", next)
                .build().toUriString();
        return ResponseEntity.ok()
                .header(NEXT_OFFSET, Integer.toString(next))
                .header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"")
                .body(page.tasks());
    }

    private static int offset(Integer offset) {
        if (offset != null && offset < 0) {
            throw new InvalidRequestException("offset", "offset must not be negative, got " + offset);
        }
        return offset == null ? 0 : offset;
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable long id, Actor actor) {
        TaskView task = tasks.find(id);
        if (!actor.mayRead(task.assignedTo())) {
            throw new AggregateNotFoundException(Long.toString(id), "Task " + id + " not found");
        }
        return task;
    }

    @PutMapping("/{id}")
    TaskView update(@PathVariable long id, @RequestBody TaskRequests.UpdateTask body, Actor actor) {
        return tasks.update(id, body, actor);
    }

    @DeleteMapping("/{id}")
    Map<String, Object> delete(@PathVariable long id, Actor actor) {
        tasks.delete(id, actor);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("deleted", true);
        return answer;
    }

    @PutMapping("/{id}/start")
    TaskView start(@PathVariable long id, Actor actor) {
        return tasks.start(id, actor);
    }

    @PutMapping("/{id}/complete")
    TaskView complete(@PathVariable long id, @RequestBody(required = false) TaskRequests.CompleteTask body,
                      Actor actor) {
        return tasks.complete(id, body == null ? null : TaskRequests.text(body.result()), actor);
    }

    @PutMapping("/{id}/fail")
    TaskView fail(@PathVariable long id, @RequestBody(required = false) TaskRequests.FailTask body, Actor actor) {
        return tasks.fail(id, body == null ? null : TaskRequests.text(body.errorMessage()), actor);
    }

    @PutMapping("/{id}/retry")
    TaskView retry(@PathVariable long id, Actor actor) {
        return tasks.retry(id, actor);
    }

    @PutMapping("/{id}/cancel")
    TaskView cancel(@PathVariable long id, @RequestBody(required = false) TaskRequests.CancelTask body,
                    Actor actor) {
        String reason = body == null ? null : RequestChecks.optionalText("reason", TaskRequests.text(body.reason()),
                TaskLimits.REASON_LENGTH);
        return tasks.cancel(id, reason, actor);
    }

    /** Keeps a running task's lease: it then runs its timeout from now (docs/leases.md). */
    @PutMapping("/{id}/heartbeat")
    TaskView heartbeat(@PathVariable long id, @RequestBody(required = false) TaskRequests.Heartbeat body,
                       Actor actor) {
        return tasks.heartbeat(id, body == null ? null : TaskRequests.progress(body.progress()), actor);
    }
}
