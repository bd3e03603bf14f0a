package org.opentask.command;

import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/** The Task aggregate against the contract's state machine: every legal transition and every refused one. */
class TaskTest {

    private static final long ID = 42;
    private static final String NAME = "write report";
    private static final String BOT = "anna";
    private static final String CREATOR = "hope";
    private static final String OPERATOR = "ops-alice";
    private static final java.time.Instant AT = java.time.Instant.parse("2026-11-25T10:00:00Z");

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5)));
    }

    // ---------------------------------------------------------------- histories

    private static TaskCreatedEvent created(int maxRetry) {
        return new TaskCreatedEvent(ID, NAME, "the weekly report", "{\"week\":47}", BOT, Priority.P1, maxRetry,
                CREATOR, CREATOR, TaskTiming.NONE);
    }

    private static TaskCreatedEvent created() {
        return created(3);
    }

    private static TaskStartedEvent started() {
        return new TaskStartedEvent(ID, BOT, BOT, null);
    }

    private static TaskFailedEvent failed() {
        return new TaskFailedEvent(ID, "timeout", BOT);
    }

    /** The events that bring a fresh task (max_retry 3, no retries used) to {@code status}. */
    private static List<Object> history(TaskStatus status) {
        return switch (status) {
            case PENDING -> List.of(created());
            case RUNNING -> List.of(created(), started());
            case COMPLETED -> List.of(created(), started(), new TaskCompletedEvent(ID, "done", BOT));
            case FAILED -> List.of(created(), started(), failed());
            case CANCELLED -> List.of(created(), new TaskCancelledEvent(ID, TaskStatus.PENDING, CREATOR));
        };
    }

    /** Every command the API can send to an existing task, with no operator named. */
    private static Stream<Object> everyCommandOnATask() {
        return Stream.of(
                new StartTaskCommand(ID, AT, null),
                new CompleteTaskCommand(ID, "done", null),
                new FailTaskCommand(ID, "boom", null),
                new RetryTaskCommand(ID, null),
                new CancelTaskCommand(ID, null),
                new UpdateTaskCommand(ID, "renamed", null, null, null, null, null, null),
                new UpdateTaskCommand(ID, null, null, null, null, null, 50, null),
                new DeleteTaskCommand(ID, null));
    }

    /** The refusal of a retry names the status, as every refusal does, and the retries used. */
    private static String retriesUsed(int used, int max) {
        return "Task " + ID + " is failed: cannot retry it, it has used " + used + " of " + max + " retries";
    }

    private void expectRefused(List<Object> given, Object command, TaskStatus current) {
        fixture.given(given)
                .when(command)
                .expectException(TaskTransitionRefusedException.class)
                .expectExceptionMessage(containsString("Task " + ID + " is " + current))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- create

    @Nested
    class Create {

        @Test
        void a_task_is_created_pending_with_priority_P2_and_its_creator_as_operator_by_default() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(ID, NAME, null, null, BOT, null, 3, CREATOR, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TaskCreatedEvent(ID, NAME, null, null, BOT, Priority.P2, 3, CREATOR, CREATOR, TaskTiming.NONE));
        }

        @Test
        void the_named_operator_and_the_given_fields_are_kept() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(ID, NAME, "desc", "{\"a\":1}", BOT, Priority.P0, 0, "cron",
                            OPERATOR, null))
                    .expectEvents(new TaskCreatedEvent(ID, NAME, "desc", "{\"a\":1}", BOT, Priority.P0, 0, "cron",
                            OPERATOR, TaskTiming.NONE));
        }

        @Test
        void a_blank_operator_counts_as_none() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(ID, NAME, null, null, BOT, Priority.P1, 3, CREATOR, "  ", null))
                    .expectEvents(new TaskCreatedEvent(ID, NAME, null, null, BOT, Priority.P1, 3, CREATOR, CREATOR, TaskTiming.NONE));
        }

        @Test
        void a_name_of_100_and_a_bot_of_50_characters_are_accepted() {
            String name = "n".repeat(100);
            String bot = "b".repeat(50);
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(ID, name, null, null, bot, Priority.P2, 3, CREATOR, null, null))
                    .expectEvents(new TaskCreatedEvent(ID, name, null, null, bot, Priority.P2, 3, CREATOR, CREATOR, TaskTiming.NONE));
        }

        @ParameterizedTest
        @MethodSource("org.opentask.command.TaskTest#invalidCreates")
        void invalid_fields_are_refused_and_nothing_is_emitted(CreateTaskCommand command, String field) {
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectException(IllegalArgumentException.class)
                    .expectExceptionMessage(containsString(field))
                    .expectNoEvents();
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> invalidCreates() {
        return Stream.of(
                args(new CreateTaskCommand(ID, null, null, null, BOT, null, 3, CREATOR, null, null), "task_name"),
                args(new CreateTaskCommand(ID, " ", null, null, BOT, null, 3, CREATOR, null, null), "task_name"),
                args(new CreateTaskCommand(ID, "n".repeat(101), null, null, BOT, null, 3, CREATOR, null, null), "task_name"),
                args(new CreateTaskCommand(ID, NAME, null, null, null, null, 3, CREATOR, null, null), "assigned_to"),
                args(new CreateTaskCommand(ID, NAME, null, null, "", null, 3, CREATOR, null, null), "assigned_to"),
                args(new CreateTaskCommand(ID, NAME, null, null, "b".repeat(51), null, 3, CREATOR, null, null),
                        "assigned_to"),
                args(new CreateTaskCommand(ID, NAME, null, null, BOT, null, -1, CREATOR, null, null), "max_retry"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(Object... values) {
        return org.junit.jupiter.params.provider.Arguments.of(values);
    }

    // ---------------------------------------------------------------- start, complete, fail

    @Nested
    class Start {

        @Test
        void a_pending_task_starts_with_its_bot_as_operator_by_default() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new StartTaskCommand(ID, AT, null))
                    .expectEvents(new TaskStartedEvent(ID, BOT, BOT, null));
        }

        @Test
        void the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new StartTaskCommand(ID, AT, OPERATOR))
                    .expectEvents(new TaskStartedEvent(ID, BOT, OPERATOR, null));
        }

        @Test
        void a_retried_task_starts_again() {
            fixture.given(history(TaskStatus.FAILED))
                    .andGiven(new TaskRetriedEvent(ID, 1, 3, CREATOR))
                    .when(new StartTaskCommand(ID, AT, null))
                    .expectEvents(new TaskStartedEvent(ID, BOT, BOT, null));
        }

        @Test
        void a_reassigned_task_is_started_by_its_new_bot() {
            fixture.given(history(TaskStatus.PENDING))
                    .andGiven(new TaskUpdatedEvent(ID, null, null, null, "cc", null, null, TaskStatus.PENDING,
                            CREATOR))
                    .when(new StartTaskCommand(ID, AT, null))
                    .expectEvents(new TaskStartedEvent(ID, "cc", "cc", null));
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void is_refused_unless_pending(TaskStatus status) {
            expectRefused(history(status), new StartTaskCommand(ID, AT, null), status);
        }
    }

    @Nested
    class Complete {

        @Test
        void a_running_task_completes_with_its_result_and_its_bot_as_operator_by_default() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new CompleteTaskCommand(ID, "done", null))
                    .expectEvents(new TaskCompletedEvent(ID, "done", BOT));
        }

        @Test
        void the_named_operator_is_kept_and_the_result_may_be_absent() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new CompleteTaskCommand(ID, null, OPERATOR))
                    .expectEvents(new TaskCompletedEvent(ID, null, OPERATOR));
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
        void is_refused_unless_running(TaskStatus status) {
            expectRefused(history(status), new CompleteTaskCommand(ID, "done", null), status);
        }
    }

    @Nested
    class Fail {

        @Test
        void a_running_task_fails_with_its_error_and_its_bot_as_operator_by_default() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new FailTaskCommand(ID, "timeout", null))
                    .expectEvents(new TaskFailedEvent(ID, "timeout", BOT));
        }

        @Test
        void the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new FailTaskCommand(ID, null, OPERATOR))
                    .expectEvents(new TaskFailedEvent(ID, null, OPERATOR));
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
        void is_refused_unless_running(TaskStatus status) {
            expectRefused(history(status), new FailTaskCommand(ID, "boom", null), status);
        }
    }

    // ---------------------------------------------------------------- retry

    @Nested
    class Retry {

        @Test
        void a_failed_task_goes_back_to_pending_with_one_retry_used_and_its_creator_as_operator_by_default() {
            fixture.given(history(TaskStatus.FAILED))
                    .when(new RetryTaskCommand(ID, null))
                    .expectEvents(new TaskRetriedEvent(ID, 1, 3, CREATOR));
        }

        @Test
        void the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.FAILED))
                    .when(new RetryTaskCommand(ID, BOT))
                    .expectEvents(new TaskRetriedEvent(ID, 1, 3, BOT));
        }

        @Test
        void each_retry_counts_on_from_the_last() {
            fixture.given(created(3), started(), failed(), new TaskRetriedEvent(ID, 1, 3, CREATOR), started(),
                            failed())
                    .when(new RetryTaskCommand(ID, null))
                    .expectEvents(new TaskRetriedEvent(ID, 2, 3, CREATOR));
        }

        @Test
        void the_last_allowed_retry_is_accepted() {
            fixture.given(created(2), started(), failed(), new TaskRetriedEvent(ID, 1, 2, CREATOR), started(),
                            failed())
                    .when(new RetryTaskCommand(ID, null))
                    .expectEvents(new TaskRetriedEvent(ID, 2, 2, CREATOR));
        }

        @Test
        void is_refused_once_max_retry_retries_are_used() {
            fixture.given(created(2), started(), failed(), new TaskRetriedEvent(ID, 1, 2, CREATOR), started(),
                            failed(), new TaskRetriedEvent(ID, 2, 2, CREATOR), started(), failed())
                    .when(new RetryTaskCommand(ID, null))
                    .expectException(TaskTransitionRefusedException.class)
                    .expectExceptionMessage(containsString(retriesUsed(2, 2)))
                    .expectNoEvents();
        }

        @Test
        void is_refused_past_max_retry() {
            // a history with more retries than allowed (imported data, say) still allows no further retry
            fixture.given(created(1), started(), failed(), new TaskRetriedEvent(ID, 5, 1, CREATOR), started(),
                            failed())
                    .when(new RetryTaskCommand(ID, null))
                    .expectException(TaskTransitionRefusedException.class)
                    .expectExceptionMessage(containsString(retriesUsed(5, 1)))
                    .expectNoEvents();
        }

        @Test
        void is_refused_at_once_with_max_retry_0() {
            fixture.given(created(0), started(), failed())
                    .when(new RetryTaskCommand(ID, null))
                    .expectException(TaskTransitionRefusedException.class)
                    .expectExceptionMessage(containsString(retriesUsed(0, 0)))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = "FAILED", mode = EnumSource.Mode.EXCLUDE)
        void is_refused_unless_failed(TaskStatus status) {
            expectRefused(history(status), new RetryTaskCommand(ID, null), status);
        }
    }

    // ---------------------------------------------------------------- cancel

    @Nested
    class Cancel {

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"PENDING", "RUNNING", "FAILED"})
        void a_task_that_has_not_finished_is_cancelled_with_its_creator_as_operator_by_default(TaskStatus status) {
            fixture.given(history(status))
                    .when(new CancelTaskCommand(ID, null))
                    .expectEvents(new TaskCancelledEvent(ID, status, CREATOR));
        }

        @Test
        void the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new CancelTaskCommand(ID, OPERATOR))
                    .expectEvents(new TaskCancelledEvent(ID, TaskStatus.RUNNING, OPERATOR));
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "CANCELLED"})
        void is_refused_once_finished(TaskStatus status) {
            expectRefused(history(status), new CancelTaskCommand(ID, null), status);
        }
    }

    // ---------------------------------------------------------------- update

    @Nested
    class Update {

        @ParameterizedTest
        @EnumSource(TaskStatus.class)
        void name_description_params_assignee_and_priority_change_in_any_status(TaskStatus status) {
            fixture.given(history(status))
                    .when(new UpdateTaskCommand(ID, "new name", "new desc", "{\"week\":48}", "cc", Priority.P0, null,
                            null))
                    .expectEvents(new TaskUpdatedEvent(ID, "new name", "new desc", "{\"week\":48}", "cc",
                            Priority.P0, null, status, CREATOR));
        }

        @Test
        void only_the_changed_fields_are_in_the_event_and_the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new UpdateTaskCommand(ID, NAME, "the weekly report", null, BOT, Priority.P2, null,
                            OPERATOR))
                    .expectEvents(new TaskUpdatedEvent(ID, null, null, null, null, Priority.P2, null,
                            TaskStatus.PENDING, OPERATOR));
        }

        @Test
        void an_update_that_changes_nothing_emits_nothing() {
            fixture.given(history(TaskStatus.RUNNING))
                    .when(new UpdateTaskCommand(ID, NAME, "the weekly report", "{\"week\":47}", BOT, Priority.P1, 0,
                            OPERATOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_empty_update_emits_nothing() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new UpdateTaskCommand(ID, null, null, null, null, null, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_earlier_update_is_the_value_a_later_one_is_compared_with() {
            fixture.given(history(TaskStatus.PENDING))
                    .andGiven(new TaskUpdatedEvent(ID, "v2", "d2", "p2", "cc", Priority.P0, 30, TaskStatus.PENDING,
                            CREATOR))
                    .when(new UpdateTaskCommand(ID, "v2", "d2", "p2", "cc", Priority.P0, 30, null))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"PENDING", "RUNNING"})
        void progress_changes_while_pending_or_running(TaskStatus status) {
            fixture.given(history(status))
                    .when(new UpdateTaskCommand(ID, null, null, null, null, null, 40, BOT))
                    .expectEvents(new TaskUpdatedEvent(ID, null, null, null, null, null, 40, status, BOT));
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
        void a_progress_change_is_refused_once_finished(TaskStatus status) {
            fixture.given(history(status))
                    .when(new UpdateTaskCommand(ID, "renamed too", null, null, null, null, 40, null))
                    .expectException(TaskTransitionRefusedException.class)
                    .expectExceptionMessage(containsString("Task " + ID + " is " + status + ": progress"))
                    .expectNoEvents();
        }

        @Test
        void a_completed_task_may_be_sent_its_own_progress_100_without_refusal() {
            fixture.given(history(TaskStatus.COMPLETED))
                    .when(new UpdateTaskCommand(ID, null, null, null, null, null, 100, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void progress_is_0_after_a_start_and_100_after_completion() {
            // a start resets progress: 0 is then no change
            fixture.given(history(TaskStatus.PENDING))
                    .andGiven(new TaskUpdatedEvent(ID, null, null, null, null, null, 30, TaskStatus.PENDING, BOT),
                            started())
                    .when(new UpdateTaskCommand(ID, null, null, null, null, null, 0, null))
                    .expectNoEvents();
        }

        @Test
        void progress_is_0_again_after_a_retry() {
            fixture.given(history(TaskStatus.RUNNING))
                    .andGiven(new TaskUpdatedEvent(ID, null, null, null, null, null, 70, TaskStatus.RUNNING, BOT),
                            failed(), new TaskRetriedEvent(ID, 1, 3, CREATOR))
                    .when(new UpdateTaskCommand(ID, null, null, null, null, null, 0, null))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @MethodSource("org.opentask.command.TaskTest#invalidUpdates")
        void invalid_fields_are_refused_and_nothing_is_emitted(UpdateTaskCommand command, String field) {
            fixture.given(history(TaskStatus.PENDING))
                    .when(command)
                    .expectException(IllegalArgumentException.class)
                    .expectExceptionMessage(containsString(field))
                    .expectNoEvents();
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> invalidUpdates() {
        return Stream.of(
                args(new UpdateTaskCommand(ID, "", null, null, null, null, null, null), "task_name"),
                args(new UpdateTaskCommand(ID, "n".repeat(101), null, null, null, null, null, null), "task_name"),
                args(new UpdateTaskCommand(ID, null, null, null, " ", null, null, null), "assigned_to"),
                args(new UpdateTaskCommand(ID, null, null, null, "b".repeat(51), null, null, null), "assigned_to"),
                args(new UpdateTaskCommand(ID, null, null, null, null, null, -1, null), "progress"),
                args(new UpdateTaskCommand(ID, null, null, null, null, null, 101, null), "progress"));
    }

    // ---------------------------------------------------------------- delete

    @Nested
    class Delete {

        @ParameterizedTest
        @EnumSource(TaskStatus.class)
        void a_task_in_any_status_is_deleted_with_its_creator_as_operator_by_default(TaskStatus status) {
            fixture.given(history(status))
                    .when(new DeleteTaskCommand(ID, null))
                    .expectEvents(new TaskDeletedEvent(ID, status, CREATOR))
                    .expectMarkedDeleted();
        }

        @Test
        void the_named_operator_is_kept() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new DeleteTaskCommand(ID, OPERATOR))
                    .expectEvents(new TaskDeletedEvent(ID, TaskStatus.PENDING, OPERATOR))
                    .expectMarkedDeleted();
        }

        @Test
        void other_commands_do_not_mark_the_task_deleted() {
            fixture.given(history(TaskStatus.PENDING))
                    .when(new StartTaskCommand(ID, AT, null))
                    .expectNotMarkedDeleted();
        }

        @ParameterizedTest
        @MethodSource("org.opentask.command.TaskTest#everyCommandOnATask")
        void every_command_on_a_deleted_task_is_refused_and_emits_nothing(Object command) {
            List<Object> given = new ArrayList<>(history(TaskStatus.RUNNING));
            given.add(new TaskDeletedEvent(ID, TaskStatus.RUNNING, CREATOR));
            // the repository will not load a task marked deleted: the API answers 404
            fixture.given(given)
                    .when(command)
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }
    }
}
