package org.opentask.app.axon;

import java.util.List;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Keeps the task cache right with several instances on one database. A decision taken on a task served from the
 * cache is final only when it appended an event: had another instance changed the task meanwhile, the append would
 * collide with that instance's event at the same sequence number, the command would be rolled back (which drops the
 * task from the cache) and the gateway would send it again on the task as stored ({@link ConcurrentChangeRetry}).
 * A refusal or a decision that appended nothing collides with nothing, so such a decision is not trusted: the task
 * is dropped from the cache and the command sent again, decided on the task read from the store. That costs a read
 * on the rare refusal and no-op, and nothing on every other command.
 */
final class CachedDecisionCheck implements MessageHandlerInterceptor<CommandMessage<?>>,
        MessageDispatchInterceptor<EventMessage<?>> {

    private static final String APPENDED = CachedDecisionCheck.class.getName() + ".appended";

    private final Cache cache;

    CachedDecisionCheck(Cache cache) {
        this.cache = cache;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        Object answer;
        try {
            answer = chain.proceed();
        } catch (ConcurrencyException collided) {
            throw collided;
        } catch (Exception refused) {
            throw unconfirmedIfCached(unitOfWork, refused);
        }
        Object task = unitOfWork.resources().get(TaskCache.SERVED);
        if (task != null) {
            // the command's events reach the event store as the unit of work prepares to commit: only then is it
            // known whether the decision appended any
            unitOfWork.onPrepareCommit(committing -> {
                if (!committing.resources().containsKey(APPENDED)) {
                    cache.remove(task);
                    throw new UnconfirmedDecisionException(task, null);
                }
            });
        }
        return answer;
    }

    /** {@code outcome}, or the exception that sends the command again when the task came from the cache. */
    private Exception unconfirmedIfCached(UnitOfWork<?> unitOfWork, Exception outcome) {
        Object task = unitOfWork.resources().get(TaskCache.SERVED);
        if (task == null) {
            return outcome;
        }
        cache.remove(task);
        return new UnconfirmedDecisionException(task, outcome);
    }

    /** Notes, in the command's unit of work, that the command appends events (called as it prepares to commit). */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (!messages.isEmpty() && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().put(APPENDED, Boolean.TRUE);
        }
        return (index, message) -> message;
    }

    /** A decision on a cached task that must be taken again on the task as stored. */
    static final class UnconfirmedDecisionException extends ConcurrencyException {

        UnconfirmedDecisionException(Object task, Exception outcome) {
            super("Task " + task + " was decided from memory without an event to confirm it: decided again from"
                    + " the store", outcome);
        }
    }
}
