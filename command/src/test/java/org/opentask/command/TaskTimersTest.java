package org.opentask.command;

import static org.hamcrest.Matchers.allOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.ExpireLeaseCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.Priority;
import org.opentask.api.RetryDueCommand;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCancelledEvent;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskDeletedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskState;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/**
 * A task's lease and automatic retry: the lease end recorded with the start and each sign of life, and the
 * decisions the lease sweep asks for ({@link ExpireLeaseCommand}, {@link RetryDueCommand}), on Axon's fixture.
 */
class TaskTimersTest {

    private static final long ID = 7;
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long SEED = 42;
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
    private static final String EXPIRED_MESSAGE =
            "Lease expired: no heartbeat or progress from anna within 30 seconds; the engine failed the task";

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(BACKOFF);
    }

    private static TaskCreatedEvent created(int timeoutSeconds, boolean autoRetry, int maxRetry) {
        return new TaskCreatedEvent(ID, "report", null, null, "anna", Priority.P2, maxRetry, "hope", "hope",
                new TaskTiming(timeoutSeconds, autoRetry, null, SEED));
    }

    private static StartTaskCommand start() {
        return new StartTaskCommand(ID, T0, null);
    }

    private static TaskStartedEvent startedWithLease(int seconds) {
        return new TaskStartedEvent(ID, "anna", "anna", T0.plusSeconds(seconds));
    }

    private static Instant firstRetryAt(Instant failedAt) {
        return failedAt.plus(BACKOFF.delay(1, SEED));
    }

    /** The command's answer: the task with this status, lease end and retry time. */
    private static Matcher<Object> answer(TaskStatus status, Instant leaseExpiresAt, Instant nextRetryAt) {
        return answer("status " + status + ", lease end " + leaseExpiresAt + ", retry at " + nextRetryAt,
                task -> task.status() == status && Objects.equals(task.leaseExpiresAt(), leaseExpiresAt)
                        && Objects.equals(task.nextRetryAt(), nextRetryAt) && task.id() == ID);
    }

    private static Matcher<Object> answer(String description, Predicate<TaskState> check) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof TaskState task && check.test(task);
            }

            @Override
            public void describeTo(Description text) {
                text.appendText("a task with " + description);
            }
        };
    }

    // ---------------------------------------------------------------- the lease

    @Test
    void a_start_records_its_lease_end_at_start_plus_timeout_and_answers_with_it() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .when(start())
                .expectEvents(startedWithLease(30))
                .expectResultMessagePayloadMatching(answer(TaskStatus.RUNNING, T0.plusSeconds(30), null));
    }

    @Test
    void a_task_without_timeout_runs_without_a_lease() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(0, false, 3))
                .when(start())
                .expectEvents(new TaskStartedEvent(ID, "anna", "anna", null))
                .expectResultMessagePayloadMatching(answer(TaskStatus.RUNNING, null, null));
    }

    @Test
    void a_task_created_before_leases_existed_has_none() {
        fixture.givenCurrentTime(T0)
                .andGiven(new TaskCreatedEvent(ID, "old", null, null, "anna", Priority.P2, 3, "hope", "hope", null))
                .when(start())
                .expectEvents(new TaskStartedEvent(ID, "anna", "anna", null));
    }

    @Test
    void an_ended_lease_fails_the_task_as_the_system() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(31)))
                .expectEvents(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"))
                .expectResultMessagePayloadMatching(answer(TaskStatus.FAILED, null, null));
    }

    @Test
    void a_lease_that_has_not_ended_is_left_running() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(29)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void the_lease_of_an_older_history_ends_where_its_timer_said() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), new TaskStartedEvent(ID, "anna", "anna", null),
                        new TaskLeaseTimerSetEvent(ID, T0.plusSeconds(30), "timer-1"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(30)))
                .expectEvents(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"));
    }

    @Test
    void an_expired_task_is_failed_and_cannot_be_completed() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30),
                        new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"))
                .when(new CompleteTaskCommand(ID, "late", null))
                .expectException(TaskTransitionRefusedException.class)
                .expectExceptionMessage("Task 7 is failed: cannot complete it");
    }

    @Test
    void nothing_expires_for_a_finished_task() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30), new TaskCompletedEvent(ID, "done", "anna"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void a_second_expiry_of_the_same_lease_records_nothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30),
                        new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(31)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void a_deleted_task_has_no_lease_to_expire() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30),
                        new TaskDeletedEvent(ID, TaskStatus.RUNNING, "hope"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(31)))
                .expectException(AggregateDeletedException.class);
    }

    // ---------------------------------------------------------------- signs of life

    @Test
    void a_heartbeat_moves_the_lease_end_and_records_its_progress() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new HeartbeatTaskCommand(ID, 40, T0.plusSeconds(20), null))
                .expectEvents(
                        new TaskUpdatedEvent(ID, null, null, null, null, null, 40, TaskStatus.RUNNING, "anna"),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(50), "anna"))
                .expectResultMessagePayloadMatching(allOf(answer(TaskStatus.RUNNING, T0.plusSeconds(50), null),
                        answer("progress 40", task -> task.progress() == 40)));
    }

    @Test
    void a_heartbeat_without_progress_only_moves_the_lease() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new HeartbeatTaskCommand(ID, null, T0.plusSeconds(5), "anna-2"))
                .expectEvents(new TaskLeaseExtendedEvent(ID, T0.plusSeconds(35), "anna-2"));
    }

    @Test
    void a_heartbeat_for_a_task_without_lease_records_nothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(0, false, 3), new TaskStartedEvent(ID, "anna", "anna", null))
                .when(new HeartbeatTaskCommand(ID, null, T0.plusSeconds(5), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void a_heartbeat_for_a_task_that_is_not_running_is_refused() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .when(new HeartbeatTaskCommand(ID, null, T0, null))
                .expectException(TaskTransitionRefusedException.class)
                .expectExceptionMessage("Task 7 is pending: cannot heartbeat it");
    }

    @Test
    void a_progress_update_extends_the_lease_from_its_own_time() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(18))
                .when(new UpdateTaskCommand(ID, null, null, null, null, null, 60, "anna"))
                .expectEvents(
                        new TaskUpdatedEvent(ID, null, null, null, null, null, 60, TaskStatus.RUNNING, "anna"),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(30), "anna"));
    }

    @Test
    void an_extended_lease_does_not_end_at_its_first_end() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(50), "anna"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(31)))
                .expectNoEvents();
    }

    @Test
    void after_the_last_heartbeat_the_lease_ends_at_its_extended_end() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(50), "anna"))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(50)))
                .expectEvents(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(50), EXPIRED_MESSAGE, "system"));
    }

    // ---------------------------------------------------------------- automatic retry

    @Test
    void a_failed_task_with_auto_retry_waits_for_its_backoff() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30))
                .when(new FailTaskCommand(ID, "boom", null))
                .expectEvents(new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0), null))
                .expectResultMessagePayloadMatching(answer(TaskStatus.FAILED, null, firstRetryAt(T0)));
    }

    @Test
    void a_due_retry_puts_the_task_back_to_pending_as_the_system() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0), null))
                .when(new RetryDueCommand(ID, firstRetryAt(T0)))
                .expectEvents(new TaskRetriedEvent(ID, 1, 3, "system"))
                .expectResultMessagePayloadMatching(answer(TaskStatus.PENDING, null, null));
    }

    @Test
    void a_retry_is_not_taken_before_its_backoff() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0), null))
                .when(new RetryDueCommand(ID, firstRetryAt(T0).minusMillis(1)))
                .expectNoEvents();
    }

    @Test
    void an_expired_task_with_auto_retry_is_retried_after_its_backoff_from_the_lease_end() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30))
                .when(new ExpireLeaseCommand(ID, T0.plusSeconds(40)))
                .expectEvents(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0.plusSeconds(30)), null));
    }

    @Test
    void automatic_retries_stop_at_max_retry() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 1), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetriedEvent(ID, 1, 1, "system"), startedWithLease(30))
                .when(new FailTaskCommand(ID, "boom again", null))
                .expectEvents(new TaskFailedEvent(ID, "boom again", "anna"));
    }

    @Test
    void a_manual_retry_leaves_nothing_for_the_automatic_one() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0), null),
                        new TaskRetriedEvent(ID, 1, 3, "hope"))
                .when(new RetryDueCommand(ID, firstRetryAt(T0)))
                .expectNoEvents();
    }

    @Test
    void a_cancelled_task_is_not_retried() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetryScheduledEvent(ID, 1, firstRetryAt(T0), null),
                        new TaskCancelledEvent(ID, TaskStatus.FAILED, "hope"))
                .when(new RetryDueCommand(ID, firstRetryAt(T0)))
                .expectNoEvents();
    }

    @Test
    void without_auto_retry_a_failed_task_waits_for_an_operator() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new FailTaskCommand(ID, "boom", null))
                .expectEvents(new TaskFailedEvent(ID, "boom", "anna"));
    }

    @Test
    void a_retried_task_gets_a_fresh_lease_when_it_starts_again() {
        Instant later = T0.plusSeconds(100);
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"),
                        new TaskRetriedEvent(ID, 1, 3, "hope"))
                .when(new StartTaskCommand(ID, later, null))
                .expectEvents(new TaskStartedEvent(ID, "anna", "anna", later.plusSeconds(30)));
    }

    @Test
    void a_deleted_task_answers_nothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new DeleteTaskCommand(ID, null))
                .expectEvents(new TaskDeletedEvent(ID, TaskStatus.RUNNING, "hope"))
                .expectResultMessagePayload(null);
    }

    @Test
    void a_cancel_ends_the_lease() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30))
                .when(new CancelTaskCommand(ID, null))
                .expectResultMessagePayloadMatching(answer(TaskStatus.CANCELLED, null, null));
    }

    @Test
    void a_manual_retry_of_a_task_with_retries_left_is_taken() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3), startedWithLease(30), new TaskFailedEvent(ID, "boom", "anna"))
                .when(new RetryTaskCommand(ID, null))
                .expectEvents(new TaskRetriedEvent(ID, 1, 3, "hope"));
    }

    @Test
    void a_negative_timeout_is_refused() {
        fixture.given()
                .when(new CreateTaskCommand(ID, "x", null, null, "anna", Priority.P2, 3, "hope", null,
                        new TaskTiming(-1, false, null, 0)))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }
}
