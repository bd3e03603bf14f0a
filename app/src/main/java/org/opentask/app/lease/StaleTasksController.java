package org.opentask.app.lease;

import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindStaleTasksQuery;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskView;
import org.opentask.app.system.OpenTaskProperties;
import org.opentask.app.system.RequestChecks;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tasks/stale}: running tasks without a lease that started more than
 * {@code opentask.lease.stale-after} ago, oldest start first. With no lease (the default) nothing fails a task whose
 * bot went away; it is shown here, and in the console, instead.
 */
@RestController
record StaleTasksController(QueryGateway queries, LeaseProperties lease, OpenTaskProperties properties) {

    @GetMapping("/api/tasks/stale")
    List<TaskView> stale(@RequestParam(name = "assigned_to", required = false) String assignedTo,
                         @RequestParam(required = false) Integer limit) {
        String bot = RequestChecks.optionalText("assigned_to", RequestChecks.emptyToNull(assignedTo),
                TaskLimits.BOT_LENGTH);
        return queries.query(new FindStaleTasksQuery(bot, lease.staleAfter(), properties.limit(limit)),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
    }
}
