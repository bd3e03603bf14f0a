package org.opentask.app.claim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindBotsWithPendingTasksQuery;
import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.system.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The claimers waiting for a task (long-poll). A waiter is an entry in its bot's queue and a timer: it holds no
 * thread and no database connection while it waits. When a task becomes pending for a bot ({@link #signal}, after
 * the transaction that made it pending committed), the bot's longest-waiting idle waiter is woken and claims on a
 * small pool of threads; if another claimer was quicker it goes back to waiting. Tasks no local event announced
 * (created through another instance of the service) are found by a periodic re-check of the waiting bots.
 */
@Component
class ClaimWaiters {

    private static final Logger log = LoggerFactory.getLogger(ClaimWaiters.class);
    /** Spring's own time-out is only a safety net behind the waiter's timer. */
    private static final long SAFETY_MARGIN_MILLIS = 10_000;
    private static final int RECHECK_CHUNK = 500;

    private final TaskClaims claims;
    private final QueryGateway queries;
    private final int maxWaiters;
    private final int maxWaitersPerBot;
    private final ConcurrentMap<String, Deque<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService claimThreads;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean rechecking = new AtomicBoolean();
    /** From a task's announcement (the commit that made it pending) to a waiting claimer's answer with it. */
    private final Timer handover;

    ClaimWaiters(TaskClaims claims, QueryGateway queries, ClaimProperties properties,
                 @Value("${server.tomcat.max-connections:8192}") int maxConnections, MeterRegistry registry) {
        this.claims = claims;
        Gauge.builder("opentask.claim.waiters", count, AtomicInteger::get)
                .description("Claimers waiting for a task on this instance (long-poll)").register(registry);
        this.handover = Timer.builder("opentask.claim.handover")
                .description("From the commit that made a task pending to a waiting claimer's answer with it")
                .publishPercentileHistogram().register(registry);
        this.queries = queries;
        this.maxWaiters = Math.max(1, Math.min(properties.maxWaiters(), maxConnections * 3 / 4));
        this.maxWaitersPerBot = properties.maxWaitersPerBot();
        this.claimThreads = Executors.newFixedThreadPool(properties.threads(), DaemonThreads.numbered("claim-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("claim-timer"));
        long recheck = properties.recheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::startRecheck, recheck, recheck, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits up to {@code wait} for a task for {@code bot} and claims it: answers 200 with the started task, or 204
     * when none came in time.
     */
    DeferredResult<ResponseEntity<TaskView>> await(String bot, Actor actor, Duration wait) {
        DeferredResult<ResponseEntity<TaskView>> result =
                new DeferredResult<>(wait.toMillis() + SAFETY_MARGIN_MILLIS, () -> ResponseEntity.noContent().build());
        if (count.incrementAndGet() > maxWaiters) {
            count.decrementAndGet();
            throw new TooManyWaitersException(maxWaiters);
        }
        Waiter waiter = new Waiter(bot, actor, System.nanoTime() + wait.toNanos(), result);
        boolean[] full = new boolean[1];
        waiting.compute(bot, (name, queue) -> {
            Deque<Waiter> waiters = queue == null ? new ArrayDeque<>() : queue;
            // a bot's own key holds a bounded share; the shared and operator keys, which serve a whole fleet,
            // only the instance's total
            if (actor.bot() != null && waiters.size() >= maxWaitersPerBot) {
                full[0] = true;
            } else {
                waiters.addLast(waiter);
            }
            return waiters;
        });
        if (full[0]) {
            count.decrementAndGet();
            throw new TooManyWaitersException(maxWaitersPerBot + " claimers are waiting for " + bot
                    + " already; claim again later or without wait");
        }
        result.onCompletion(waiter::finished);
        result.onError(error -> waiter.finished());
        result.onTimeout(waiter::finished);
        waiter.deadline = timer.schedule(waiter::timeUp, wait.toNanos(), TimeUnit.NANOSECONDS);
        // a task made pending between the caller's first look and this registration announced itself to no one
        waiter.wake();
        return result;
    }

    /** A task became pending for {@code bot}, and its transaction has committed: wake one of the bot's waiters. */
    void signal(String bot) {
        long signalledAt = System.nanoTime();
        waiting.computeIfPresent(bot, (name, waiters) -> {
            for (Waiter waiter : waiters) {
                if (waiter.wake(signalledAt)) {
                    return waiters;
                }
            }
            // all are claiming already: make them look once more before they go back to waiting
            waiters.forEach(Waiter::wakeAgain);
            return waiters;
        });
    }

    /** How many claimers wait now. */
    int waiting() {
        return count.get();
    }

    /** Runs a re-check on the claim threads, one at a time: the timer thread only keeps time, slow database or not. */
    private void startRecheck() {
        if (waiting.isEmpty() || !rechecking.compareAndSet(false, true)) {
            return;
        }
        try {
            claimThreads.execute(() -> {
                try {
                    run(this::recheck);
                } finally {
                    rechecking.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            rechecking.set(false);
        }
    }

    /** Bots with waiters and pending tasks that no signal announced: wake one waiter each. */
    private void recheck() {
        List<String> bots = new ArrayList<>(waiting.keySet());
        for (int from = 0; from < bots.size(); from += RECHECK_CHUNK) {
            List<String> chunk = bots.subList(from, Math.min(bots.size(), from + RECHECK_CHUNK));
            List<String> withTasks = queries.query(new FindBotsWithPendingTasksQuery(List.copyOf(chunk)),
                    ResponseTypes.multipleInstancesOf(String.class)).join();
            withTasks.forEach(this::signal);
        }
    }

    private void remove(Waiter waiter) {
        waiting.computeIfPresent(waiter.bot, (name, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Re-checking the waiting claimers failed; the next round tries again", e);
        }
    }

    /** At shutdown the waiting claimers are told there is no task, rather than cut off. */
    @PreDestroy
    void close() {
        timer.shutdownNow();
        claimThreads.shutdown();
        List<Waiter> all = new ArrayList<>();
        for (String bot : waiting.keySet()) {
            waiting.computeIfPresent(bot, (name, waiters) -> {
                all.addAll(waiters);
                return waiters;
            });
        }
        all.forEach(Waiter::giveUp);
        try {
            claimThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One waiting claimer. {@code state} keeps a claim and the time-out from both answering: WAITING -> CLAIMING
     * (woken) -> WAITING (nothing won) or DONE (answered); WAITING -> DONE (time up).
     */
    private final class Waiter {

        private static final int WAITING = 0;
        private static final int CLAIMING = 1;
        private static final int DONE = 2;

        final String bot;
        private final Actor actor;
        private final long deadlineNanos;
        private final DeferredResult<ResponseEntity<TaskView>> result;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile boolean again;
        /** When the signal that woke this waiter came; 0 for its own first look. */
        private volatile long signalledAt;
        private boolean counted = true;
        volatile ScheduledFuture<?> deadline;

        Waiter(String bot, Actor actor, long deadlineNanos, DeferredResult<ResponseEntity<TaskView>> result) {
            this.bot = bot;
            this.actor = actor;
            this.deadlineNanos = deadlineNanos;
            this.result = result;
        }

        /** Starts a claim if this waiter is idle; false if it is claiming or done already. */
        boolean wake() {
            return wake(0);
        }

        boolean wake(long signalled) {
            again = true;
            if (!state.compareAndSet(WAITING, CLAIMING)) {
                return false;
            }
            signalledAt = signalled;
            try {
                claimThreads.execute(this::claim);
            } catch (RejectedExecutionException e) {
                // shutting down: close() answers every waiter
                state.set(WAITING);
                return false;
            }
            return true;
        }

        void wakeAgain() {
            again = true;
        }

        private void claim() {
            do {
                again = false;
                Optional<TaskView> task;
                try {
                    task = claims.claimNext(bot, actor);
                } catch (RuntimeException e) {
                    state.set(DONE);
                    log.warn("A waiting claim for {} failed", bot, e);
                    result.setErrorResult(e);
                    return;
                }
                if (task.isPresent()) {
                    state.set(DONE);
                    boolean answered = result.setResult(ResponseEntity.ok(task.get()));
                    if (answered && signalledAt != 0) {
                        handover.record(System.nanoTime() - signalledAt, TimeUnit.NANOSECONDS);
                    }
                    if (!answered) {
                        log.warn("Task {} was claimed for {} but its claimer had gone; it stays running",
                                task.get().id(), bot);
                    }
                    // more may be pending (the re-check wakes one waiter per bot): the next waiter looks too
                    signal(bot);
                    return;
                }
                state.set(WAITING);
                if (System.nanoTime() - deadlineNanos >= 0) {
                    timeUp();
                    return;
                }
            } while (again && state.compareAndSet(WAITING, CLAIMING));
        }

        /** Time is up: answer 204 unless a claim is under way, which answers itself when it has finished. */
        void timeUp() {
            if (state.compareAndSet(WAITING, DONE)) {
                result.setResult(ResponseEntity.noContent().build());
            }
        }

        void giveUp() {
            state.set(DONE);
            result.setResult(ResponseEntity.noContent().build());
        }

        /** The request is over (answered, timed out or broken): forget the waiter. */
        void finished() {
            state.compareAndSet(WAITING, DONE);
            ScheduledFuture<?> timeout = deadline;
            if (timeout != null) {
                timeout.cancel(false);
            }
            remove(this);
            synchronized (this) {
                if (counted) {
                    counted = false;
                    count.decrementAndGet();
                }
            }
        }
    }

    /** More claimers wait than this instance accepts. */
    static class TooManyWaitersException extends RuntimeException {

        TooManyWaitersException(int maxWaiters) {
            super("More than " + maxWaiters + " claimers are waiting on this instance; claim again later or without"
                    + " wait");
        }

        TooManyWaitersException(String message) {
            super(message);
        }
    }
}
