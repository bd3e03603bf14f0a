package org.opentask.app.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.DueTimers;
import org.opentask.api.ExpireLeaseCommand;
import org.opentask.api.FindDueTimersQuery;
import org.opentask.api.RetryDueCommand;
import org.opentask.app.system.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ends leases and starts automatic retries. Every {@code opentask.timers.polling-interval} each instance reads,
 * through two indexed range scans of {@code bot_task}, the running tasks whose lease has ended and the failed tasks
 * whose retry is due, and sends each an {@link ExpireLeaseCommand} or a {@link RetryDueCommand}. The Task aggregate
 * decides: a task fails or is retried once, however many instances send the command, and not at all when a
 * heartbeat, a finish, a manual retry or a delete came first. Nothing is kept anywhere but on the task's row, so a
 * lease set before a restart ends after it, and a command costs no timer row to insert and delete.
 */
final class LeaseSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweep.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration interval;
    private final int batchSize;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("lease-sweep"));
    private ScheduledFuture<?> sweeping;
    private final Timer sweeps;
    private final Counter failures;
    private final Counter expirySent;
    private final Counter retrySent;

    LeaseSweep(QueryGateway queries, CommandGateway commands, Clock clock, Duration interval, int batchSize,
               MeterRegistry registry) {
        this.sweeps = Timer.builder("opentask.lease.sweep").description("Lease sweeps, and how long each took")
                .register(registry);
        this.failures = Counter.builder("opentask.lease.sweep.failures")
                .description("Lease sweeps that failed (the next one finds the same tasks)").register(registry);
        this.expirySent = Counter.builder("opentask.lease.sweep.commands").tag("command", "expire_lease")
                .description("Commands the lease sweep sent").register(registry);
        this.retrySent = Counter.builder("opentask.lease.sweep.commands").tag("command", "retry_due")
                .description("Commands the lease sweep sent").register(registry);
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /**
     * One sweep: every lease ended and every retry due now, in batches until a batch comes back short.
     *
     * @return how many tasks were sent a command
     */
    int sweep() {
        int sent = 0;
        DueTimers due;
        do {
            Instant now = clock.instant();
            due = queries.query(new FindDueTimersQuery(batchSize), DueTimers.class).join();
            int expiries = send(due.expiredLeases(), id -> new ExpireLeaseCommand(id, now));
            int retries = send(due.dueRetries(), id -> new RetryDueCommand(id, now));
            expirySent.increment(expiries);
            retrySent.increment(retries);
            sent += expiries + retries;
        } while (due.expiredLeases().size() >= batchSize || due.dueRetries().size() >= batchSize);
        return sent;
    }

    private int send(List<Long> taskIds, Function<Long, Object> command) {
        for (Long taskId : taskIds) {
            try {
                commands.sendAndWait(command.apply(taskId));
            } catch (AggregateNotFoundException | ConcurrencyException gone) {
                // deleted meanwhile, or another instance's sweep got there in the same instant: nothing to do
                log.debug("Task {} changed while its lease or retry came due: {}", taskId, gone.getMessage());
            }
        }
        return taskIds.size();
    }

    private void sweepQuietly() {
        long start = System.nanoTime();
        try {
            sweep();
            sweeps.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            failures.increment();
            // the database may be away for a moment: the next sweep finds the same tasks
            log.warn("Lease sweep failed, will try again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (sweeping == null) {
            sweeping = thread.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
            sweeping = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeping != null;
    }

    /** The sweep starts once everything else runs, and stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
