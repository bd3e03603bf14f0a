package org.opentask.app.claim;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.FindClaimCandidatesQuery;
import org.opentask.api.TaskTransitionRefusedException;
import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.task.TaskCommands;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Claims a bot's next pending task: reads the candidates in the pending order and sends a start for one. The task
 * aggregate decides who wins: a start on a task that is no longer pending is refused, and two starts racing on
 * different instances collide on the event store's unique (aggregate, sequence) key. A claimer that loses has
 * written nothing (a refused command emits no event, so no audit row) and tries the next candidate.
 * <p>
 * The claimers of this instance do not fight over one task: a candidate another local claim is starting right now
 * is skipped. A claimer that lost a race anyway (to another instance) picks its next candidate at random among
 * the first few, so claimers on several instances spread too. A lone claimer always takes the first task.
 * <p>
 * No database row lock is taken ({@code SELECT ... FOR UPDATE SKIP LOCKED} works on H2 and MariaDB): the claim
 * would lock the {@code bot_task} row before writing the event, while a plain start writes the event before its
 * projection updates that row, and the two orders deadlock.
 */
@Component
class TaskClaims {

    /** Candidates read beyond those this instance is starting right now. */
    private static final int BATCH = 16;
    /** After a lost race, the next candidate is one of this many. */
    private static final int SPREAD = 8;
    /** Each lost race means another claimer won a task; this many in one call means something is wrong. */
    private static final int MAX_ATTEMPTS = 500;

    private final TaskCommands tasks;
    private final QueryGateway queries;
    private final Set<Long> starting = ConcurrentHashMap.newKeySet();

    TaskClaims(TaskCommands tasks, QueryGateway queries) {
        this.tasks = tasks;
        this.queries = queries;
    }

    /** Starts {@code bot}'s next pending task and answers it as started, or empty when it has none left. */
    Optional<TaskView> claimNext(String bot, Actor actor) {
        Set<Long> lost = new HashSet<>();
        boolean contended = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int limit = starting.size() + lost.size() + BATCH;
            List<Long> candidates = queries.query(new FindClaimCandidatesQuery(bot, limit),
                    ResponseTypes.multipleInstancesOf(Long.class)).join();
            List<Long> free = new ArrayList<>(candidates.size());
            for (Long id : candidates) {
                if (!lost.contains(id) && !starting.contains(id)) {
                    free.add(id);
                }
            }
            if (free.isEmpty()) {
                if (candidates.size() < limit) {
                    // every pending task is being started by another claimer of this instance
                    return Optional.empty();
                }
                continue;
            }
            long id = contended ? free.get(ThreadLocalRandom.current().nextInt(Math.min(SPREAD, free.size())))
                    : free.get(0);
            if (!starting.add(id)) {
                continue;
            }
            try {
                return Optional.of(tasks.start(id, actor));
            } catch (RuntimeException e) {
                if (!isLostRace(e)) {
                    throw e;
                }
                lost.add(id);
                contended = true;
            } finally {
                starting.remove(id);
            }
        }
        throw new ClaimContentionException(bot, MAX_ATTEMPTS);
    }

    /**
     * The task was started, cancelled or deleted by someone else, or the database made this start give way (a
     * deadlock, or a lock wait that ran out while another instance's start of the same task was committing).
     */
    static boolean isLostRace(Throwable e) {
        return isLostRace(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean isLostRace(Throwable e, Set<Throwable> seen) {
        if (e == null || !seen.add(e)) {
            return false;
        }
        if (e instanceof TaskTransitionRefusedException
                || e instanceof ConcurrencyException
                || e instanceof AggregateNotFoundException
                || e instanceof TransientDataAccessException
                || e instanceof SQLTransientException) {
            return true;
        }
        // a batch (the event store appends in one) reports its statement's failure as the next exception
        return e instanceof SQLException sql && isLostRace(sql.getNextException(), seen)
                || isLostRace(e.getCause(), seen);
    }

    /** A claim lost so many races in a row that it gave up; the client may simply claim again. */
    static class ClaimContentionException extends RuntimeException {

        ClaimContentionException(String bot, int attempts) {
            super("Claiming a task for " + bot + " lost " + attempts + " races in a row to other claimers;"
                    + " nothing was started, claim again");
        }
    }
}
