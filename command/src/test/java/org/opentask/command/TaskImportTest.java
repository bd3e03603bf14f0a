package org.opentask.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.ExpireLeaseCommand;
import org.opentask.api.ImportTaskCommand;
import org.opentask.api.ImportedLogEntry;
import org.opentask.api.ImportedTask;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskImportedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTransitionRefusedException;

/** A task brought over from the original service goes on from the state it had there, under its own id. */
class TaskImportTest {

    private static final long ID = 7;
    private static final Instant CREATED = Instant.parse("2026-04-24T11:35:00Z");
    private static final String SOURCE = "jdbc:mariadb://hope05:53306/hope_engine";

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5)));
    }

    private static ImportedTask task(TaskStatus status, int retryCount, boolean deleted) {
        return new ImportedTask(ID, "check uploads", null, "{\"server\":\"hope02\"}", "trump", Priority.P0, status,
                status == TaskStatus.COMPLETED ? 100 : 0, CREATED, CREATED.plusSeconds(5), null, null,
                status == TaskStatus.FAILED ? "timeout" : null, retryCount, 3, "hope", deleted, CREATED.plusSeconds(5),
                List.of(new ImportedLogEntry(14, "created", "created", null, "pending", "hope", CREATED)));
    }

    private static TaskImportedEvent imported(TaskStatus status, int retryCount) {
        return new TaskImportedEvent(ID, task(status, retryCount, false), SOURCE, "import");
    }

    @Test
    void an_import_records_the_task_as_it_was() {
        fixture.givenNoPriorActivity()
                .when(new ImportTaskCommand(ID, task(TaskStatus.RUNNING, 0, false), SOURCE, "import"))
                .expectEvents(imported(TaskStatus.RUNNING, 0));
    }

    @Test
    void a_bot_completes_an_imported_running_task_and_no_lease_ends_it() {
        fixture.given(imported(TaskStatus.RUNNING, 0))
                .when(new ExpireLeaseCommand(ID, CREATED.plus(Duration.ofDays(30))))
                .expectNoEvents();
        fixture.given(imported(TaskStatus.RUNNING, 0))
                .when(new CompleteTaskCommand(ID, "done", null))
                .expectEvents(new TaskCompletedEvent(ID, "done", "trump"));
    }

    @Test
    void an_imported_failed_task_keeps_its_retry_count() {
        fixture.given(imported(TaskStatus.FAILED, 2))
                .when(new RetryTaskCommand(ID, "ops"))
                .expectEvents(new TaskRetriedEvent(ID, 3, 3, "ops"));
        fixture.given(imported(TaskStatus.FAILED, 3))
                .when(new RetryTaskCommand(ID, "ops"))
                .expectException(TaskTransitionRefusedException.class);
    }

    @Test
    void an_imported_completed_task_cannot_start_again() {
        fixture.given(imported(TaskStatus.COMPLETED, 0))
                .when(new StartTaskCommand(ID, CREATED.plusSeconds(60), "trump"))
                .expectException(TaskTransitionRefusedException.class);
    }

    @Test
    void a_task_without_a_status_is_refused() {
        fixture.givenNoPriorActivity()
                .when(new ImportTaskCommand(ID, task(null, 0, false), SOURCE, "import"))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }
}
