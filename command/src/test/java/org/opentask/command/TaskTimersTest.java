package org.opentask.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.equalTo;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.api.CancelTaskCommand;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.CreateTaskCommand;
import org.opentask.api.DeleteTaskCommand;
import org.opentask.api.FailTaskCommand;
import org.opentask.api.HeartbeatTaskCommand;
import org.opentask.api.Priority;
import org.opentask.api.RetryTaskCommand;
import org.opentask.api.StartTaskCommand;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskLeaseDeadline;
import org.opentask.api.TaskLeaseExpiredEvent;
import org.opentask.api.TaskLeaseExtendedEvent;
import org.opentask.api.TaskLeaseTimerSetEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskRetryDeadline;
import org.opentask.api.TaskRetryScheduledEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskUpdatedEvent;
import org.opentask.api.UpdateTaskCommand;

/** The lease and retry timers of a task, on Axon's fixture with its controllable clock and deadline manager. */
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
        return new StartTaskCommand(ID, null);
    }

    /** A timer's id is the deadline manager's choice: events are compared without it. */
    private static <T> Matcher<T> sameButTimer(T event) {
        return equalTo(event, field -> !field.getName().equals("timerId"));
    }

    @Test
    void a_start_sets_a_lease_timer_at_start_plus_timeout() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .when(start())
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo(new TaskStartedEvent(ID, "anna", "anna")),
                        sameButTimer(new TaskLeaseTimerSetEvent(ID, T0.plusSeconds(30), null)),
                        andNoMore())))
                .expectScheduledDeadline(Duration.ofSeconds(30), new TaskLeaseDeadline(ID, 1, T0.plusSeconds(30)));
    }

    @Test
    void a_task_without_timeout_runs_without_lease_or_timer() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(0, false, 3))
                .when(start())
                .expectEvents(new TaskStartedEvent(ID, "anna", "anna"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_task_created_before_leases_existed_has_none() {
        fixture.givenCurrentTime(T0)
                .andGiven(new TaskCreatedEvent(ID, "old", null, null, "anna", Priority.P2, 3, "hope", "hope", null))
                .when(start())
                .expectEvents(new TaskStartedEvent(ID, "anna", "anna"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_lease_that_runs_out_fails_the_task_as_the_system() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start())
                .whenThenTimeElapses(Duration.ofSeconds(31))
                .expectTriggeredDeadlines(new TaskLeaseDeadline(ID, 1, T0.plusSeconds(30)))
                .expectEvents(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void an_expired_task_is_failed_and_cannot_be_completed() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGiven(new TaskStartedEvent(ID, "anna", "anna"),
                        new TaskLeaseExpiredEvent(ID, T0.plusSeconds(30), EXPIRED_MESSAGE, "system"))
                .when(new CompleteTaskCommand(ID, "late", null))
                .expectException(TaskTransitionRefusedException.class)
                .expectExceptionMessage("Task 7 is failed: cannot complete it");
    }

    @Test
    void a_heartbeat_moves_the_lease_end_and_records_its_progress() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start())
                .when(new HeartbeatTaskCommand(ID, 40, T0.plusSeconds(20), null))
                .expectEvents(
                        new TaskUpdatedEvent(ID, null, null, null, null, null, 40, TaskStatus.RUNNING, "anna"),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(50), "anna"));
    }

    @Test
    void a_heartbeat_without_progress_only_moves_the_lease() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start())
                .when(new HeartbeatTaskCommand(ID, null, T0.plusSeconds(5), "anna-2"))
                .expectEvents(new TaskLeaseExtendedEvent(ID, T0.plusSeconds(35), "anna-2"));
    }

    @Test
    void a_heartbeat_for_a_task_without_lease_records_nothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(0, false, 3))
                .andGivenCommands(start())
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
                .andGiven(created(30, false, 3),
                        new TaskStartedEvent(ID, "anna", "anna"),
                        new TaskLeaseTimerSetEvent(ID, T0.plusSeconds(18), "timer-1"))
                .when(new UpdateTaskCommand(ID, null, null, null, null, null, 60, "anna"))
                .expectEvents(
                        new TaskUpdatedEvent(ID, null, null, null, null, null, 60, TaskStatus.RUNNING, "anna"),
                        new TaskLeaseExtendedEvent(ID, T0.plusSeconds(30), "anna"));
    }

    @Test
    void the_timer_finds_an_extended_lease_and_is_set_anew_at_its_end() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start(), new HeartbeatTaskCommand(ID, null, T0.plusSeconds(20), null))
                .whenThenTimeElapses(Duration.ofSeconds(31))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        sameButTimer(new TaskLeaseTimerSetEvent(ID, T0.plusSeconds(50), null)),
                        andNoMore())))
                .expectScheduledDeadline(T0.plusSeconds(50), new TaskLeaseDeadline(ID, 1, T0.plusSeconds(50)));
    }

    @Test
    void after_the_last_heartbeat_the_lease_runs_out_at_its_extended_end() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start(), new HeartbeatTaskCommand(ID, null, T0.plusSeconds(20), null))
                .whenThenTimeElapses(Duration.ofSeconds(51))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        sameButTimer(new TaskLeaseTimerSetEvent(ID, T0.plusSeconds(50), null)),
                        equalTo(new TaskLeaseExpiredEvent(ID, T0.plusSeconds(50), EXPIRED_MESSAGE, "system")),
                        andNoMore())))
                .expectNoScheduledDeadlines();
    }

    @Test
    void completing_a_task_cancels_its_lease_timer() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start())
                .when(new CompleteTaskCommand(ID, "done", null))
                .expectEvents(new TaskCompletedEvent(ID, "done", "anna"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void nothing_fires_for_a_completed_task() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new CompleteTaskCommand(ID, "done", null))
                .whenThenTimeElapses(Duration.ofHours(1))
                .expectNoEvents()
                .expectTriggeredDeadlines();
    }

    @Test
    void failing_cancelling_or_deleting_a_task_cancels_its_lease_timer() {
        fixture.givenCurrentTime(T0).andGiven(created(30, false, 3)).andGivenCommands(start())
                .when(new FailTaskCommand(ID, "broken", null))
                .expectEvents(new TaskFailedEvent(ID, "broken", "anna"))
                .expectNoScheduledDeadlines();
        fixture.givenCurrentTime(T0).andGiven(created(30, false, 3)).andGivenCommands(start())
                .when(new CancelTaskCommand(ID, null))
                .expectNoScheduledDeadlines();
        fixture.givenCurrentTime(T0).andGiven(created(30, false, 3)).andGivenCommands(start())
                .when(new DeleteTaskCommand(ID, null))
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_failed_task_with_auto_retry_is_retried_after_its_backoff() {
        Instant retryAt = T0.plus(BACKOFF.delay(1, SEED));
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start())
                .when(new FailTaskCommand(ID, "broken", null))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo(new TaskFailedEvent(ID, "broken", "anna")),
                        sameButTimer(new TaskRetryScheduledEvent(ID, 1, retryAt, null)),
                        andNoMore())))
                .expectScheduledDeadline(retryAt, new TaskRetryDeadline(ID, 0));
    }

    @Test
    void the_retry_timer_puts_the_task_back_to_pending_as_the_system() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null))
                .whenThenTimeElapses(BACKOFF.delay(1, SEED))
                .expectEvents(new TaskRetriedEvent(ID, 1, 3, "system"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void the_retry_timer_does_not_fire_before_its_backoff() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null))
                .whenThenTimeElapses(BACKOFF.delay(1, SEED).minusMillis(1))
                .expectNoEvents();
    }

    @Test
    void an_expired_task_with_auto_retry_is_retried_after_its_backoff() {
        Instant expiredAt = T0.plusSeconds(30);
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start())
                .whenThenTimeElapses(Duration.ofSeconds(30))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo(new TaskLeaseExpiredEvent(ID, expiredAt, EXPIRED_MESSAGE, "system")),
                        sameButTimer(new TaskRetryScheduledEvent(ID, 1, expiredAt.plus(BACKOFF.delay(1, SEED)), null)),
                        andNoMore())));
    }

    @Test
    void automatic_retries_stop_at_max_retry() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 1),
                        new TaskStartedEvent(ID, "anna", "anna"),
                        new TaskFailedEvent(ID, "first", "anna"),
                        new TaskRetriedEvent(ID, 1, 1, "system"))
                .andGivenCommands(start())
                .when(new FailTaskCommand(ID, "second", null))
                .expectEvents(new TaskFailedEvent(ID, "second", "anna"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_manual_retry_cancels_the_waiting_automatic_one() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null))
                .when(new RetryTaskCommand(ID, "operator"))
                .expectEvents(new TaskRetriedEvent(ID, 1, 3, "operator"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelling_a_task_that_waits_for_its_retry_cancels_the_retry() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null))
                .when(new CancelTaskCommand(ID, null))
                .expectNoScheduledDeadlines();
    }

    @Test
    void without_auto_retry_a_failed_task_waits_for_an_operator() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, false, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null))
                .whenThenTimeElapses(Duration.ofDays(1))
                .expectNoEvents();
    }

    @Test
    void a_retried_task_gets_a_fresh_lease_when_it_starts_again() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(30, true, 3))
                .andGivenCommands(start(), new FailTaskCommand(ID, "broken", null), new RetryTaskCommand(ID, null))
                .andGivenCurrentTime(T0.plusSeconds(100))
                .when(start())
                .expectScheduledDeadline(Duration.ofSeconds(30), new TaskLeaseDeadline(ID, 2, T0.plusSeconds(130)));
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
