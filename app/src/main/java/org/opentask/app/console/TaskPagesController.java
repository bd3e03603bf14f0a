package org.opentask.app.console;

import java.security.Principal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindTaskEventsQuery;
import org.opentask.api.FindTaskLogQuery;
import org.opentask.api.FindTasksQuery;
import org.opentask.api.Priority;
import org.opentask.api.TaskEventPage;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskLogEntry;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskView;
import org.opentask.app.lease.TaskTimings;
import org.opentask.app.security.Actor;
import org.opentask.app.task.TaskCommands;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task pages: the list with filters and paging, one task with its actions, audit trail and event stream, and
 * the create form. Actions are plain forms (CSRF-protected) that send the same commands as the API, under the
 * signed-in operator's name, and come back to the page with what happened.
 */
@Controller
class TaskPagesController {

    static final int PAGE_SIZE = 25;
    /** Events shown at a time on a task's page. */
    static final int EVENT_PAGE = 50;
    private static final String ROWS = "/web/tasks/rows";

    private final TaskCommands tasks;
    private final QueryGateway queries;
    private final TaskTimings timings;
    private final JsonMapper json;

    TaskPagesController(TaskCommands tasks, QueryGateway queries, TaskTimings timings, JsonMapper json) {
        this.tasks = tasks;
        this.queries = queries;
        this.timings = timings;
        this.json = json;
    }

    /** One stored event as the page shows it: its payload as the API prints it, indented. */
    record EventRow(long sequence, String type, LocalDateTime time, String operator, String payload) {
    }

    /** The list's filters and page, as the query string carries them. */
    record Filter(String assignedTo, TaskStatus status, Priority priority, int page) {

        static Filter of(String assignedTo, String status, String priority, Integer page) {
            TaskStatus wantedStatus = status == null ? null : TaskStatus.fromWireName(status.trim().toLowerCase());
            Priority wantedPriority = null;
            for (Priority candidate : Priority.values()) {
                if (candidate.name().equalsIgnoreCase(priority == null ? "" : priority.trim())) {
                    wantedPriority = candidate;
                }
            }
            String bot = assignedTo == null || assignedTo.isBlank() ? null : assignedTo.trim();
            return new Filter(bot == null || bot.length() > TaskLimits.BOT_LENGTH ? null : bot, wantedStatus,
                    wantedPriority, page == null || page < 0 ? 0 : Math.min(page, 10_000));
        }

        /** The query string of this filter on another page. */
        public String query(int otherPage) {
            StringBuilder query = new StringBuilder("?page=").append(otherPage);
            if (assignedTo != null) {
                query.append("&assigned_to=").append(java.net.URLEncoder.encode(assignedTo,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            if (status != null) {
                query.append("&status=").append(status);
            }
            if (priority != null) {
                query.append("&priority=").append(priority);
            }
            return query.toString();
        }
    }

    /** The list page, and its rows alone at {@value #ROWS}, which the page fetches again every few seconds. */
    @GetMapping({"/web/tasks", ROWS})
    String list(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                @RequestParam(required = false) String status,
                @RequestParam(required = false) String priority,
                @RequestParam(required = false) Integer page,
                HttpServletRequest request, Model model) {
        rows(Filter.of(assignedTo, status, priority, page), model);
        return request.getRequestURI().endsWith(ROWS) ? "console/tasks :: rows" : "console/tasks";
    }

    private void rows(Filter filter, Model model) {
        // one more than a page, to know whether a next page exists
        List<TaskView> tasks = queries.query(new FindTasksQuery(filter.assignedTo(), filter.status(),
                        filter.priority(), PAGE_SIZE + 1, filter.page() * PAGE_SIZE),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
        model.addAttribute("filter", filter);
        model.addAttribute("tasks", tasks.size() > PAGE_SIZE ? tasks.subList(0, PAGE_SIZE) : tasks);
        model.addAttribute("hasNext", tasks.size() > PAGE_SIZE);
        model.addAttribute("statuses", TaskStatus.values());
        model.addAttribute("priorities", Priority.values());
    }

    @GetMapping("/web/tasks/{id}")
    String task(@PathVariable long id, @RequestParam(name = "events_after", required = false) Long eventsAfter,
                Model model, HttpServletResponse response) {
        if (!details(id, eventsAfter, model)) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("message", "Task " + id + " does not exist.");
            return "console/not-found";
        }
        return "console/task";
    }

    @GetMapping("/web/tasks/{id}/live")
    String liveFragment(@PathVariable long id,
                        @RequestParam(name = "events_after", required = false) Long eventsAfter, Model model) {
        details(id, eventsAfter, model);
        return "console/task :: live";
    }

    /**
     * Fills the model with the task, its audit trail and one page of its events (after {@code eventsAfter}, null:
     * from the first); false when the task never existed.
     */
    private boolean details(long id, Long eventsAfter, Model model) {
        Optional<TaskView> task = tasks.current(id);
        List<TaskLogEntry> audit = queries.query(new FindTaskLogQuery(id),
                ResponseTypes.multipleInstancesOf(TaskLogEntry.class)).join();
        model.addAttribute("id", id);
        model.addAttribute("task", task.orElse(null));
        model.addAttribute("audit", audit);
        TaskEventPage page = queries.query(new FindTaskEventsQuery(id, eventsAfter == null ? -1 : eventsAfter,
                EVENT_PAGE), ResponseTypes.instanceOf(TaskEventPage.class)).join();
        model.addAttribute("events", events(page));
        model.addAttribute("eventsAfter", eventsAfter);
        model.addAttribute("eventsNextAfter", page.nextAfter());
        return task.isPresent() || !audit.isEmpty();
    }

    /** One page of the task's event stream, oldest first, as {@code /api/tasks/{id}/events} reads it. */
    private List<EventRow> events(TaskEventPage page) {
        return page.events().stream()
                .map(event -> new EventRow(event.sequenceNumber(), event.type(), event.time(), event.operator(),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(json.valueToTree(event.payload()))))
                .toList();
    }

    @PostMapping("/web/tasks/{id}/{action}")
    String act(@PathVariable long id, @PathVariable String action,
               @RequestParam(required = false) String result,
               @RequestParam(name = "error_message", required = false) String errorMessage,
               Principal operator, RedirectAttributes redirect) {
        Actor actor = new Actor(operator.getName());
        Runnable command = switch (action) {
            case "start" -> () -> tasks.start(id, actor);
            case "complete" -> () -> tasks.complete(id, TaskForm.blankToNull(result), actor);
            case "fail" -> () -> tasks.fail(id, TaskForm.blankToNull(errorMessage), actor);
            case "retry" -> () -> tasks.retry(id, actor);
            case "cancel" -> () -> tasks.cancel(id, null, actor);
            case "delete" -> () -> tasks.delete(id, actor);
            default -> null;
        };
        if (command == null) {
            redirect.addFlashAttribute("error", "There is no action '" + action + "'.");
            return "redirect:/web/tasks/" + id;
        }
        try {
            command.run();
        } catch (TaskTransitionRefusedException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/web/tasks/" + id;
        } catch (AggregateNotFoundException e) {
            redirect.addFlashAttribute("error", "Task " + id + " no longer exists.");
            return "redirect:/web/tasks";
        }
        if (action.equals("delete")) {
            redirect.addFlashAttribute("notice", "Task " + id + " deleted; its history is kept.");
            return "redirect:/web/tasks";
        }
        redirect.addFlashAttribute("notice", "Task " + id + ": " + action + " done.");
        return "redirect:/web/tasks/" + id;
    }

    @GetMapping("/web/tasks/new")
    String createForm(@RequestParam(name = "assigned_to", required = false) String assignedTo, Model model) {
        TaskForm form = TaskForm.empty();
        if (assignedTo != null && assignedTo.length() <= TaskLimits.BOT_LENGTH) {
            form = TaskForm.forBot(assignedTo);
        }
        model.addAttribute("form", form);
        model.addAttribute("priorities", Priority.values());
        return "console/new-task";
    }

    @PostMapping("/web/tasks")
    String create(@ModelAttribute TaskForm form, Principal operator, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        var errors = form.errors();
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("form", form);
            model.addAttribute("errors", errors);
            model.addAttribute("priorities", Priority.values());
            return "console/new-task";
        }
        long id = tasks.create(form.task(operator.getName(), timings.defaults()), new Actor(operator.getName())).id();
        redirect.addFlashAttribute("notice", "Task " + id + " created for " + form.assignedTo().trim() + ".");
        return "redirect:/web/tasks/" + id;
    }
}
