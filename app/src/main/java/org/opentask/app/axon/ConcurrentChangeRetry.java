package org.opentask.app.axon;

import java.util.List;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Sends a command once more when another instance changed the same task between this command's load and its
 * append (the database refused a second event at the same sequence number). The retry decides the command
 * against the task as it now is: of two starts on two instances the loser gets the ordinary 409 naming the
 * task's status, and two edits that do not conflict both succeed. Nothing else is retried: a refused transition
 * or bad input is final. The retry runs at once, on the caller's thread: the failed attempt's unit of work and
 * transaction are over by then.
 */
final class ConcurrentChangeRetry implements RetryScheduler {

    static final int MAX_RETRIES = 3;

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!(lastFailure instanceof ConcurrencyException) || failures.size() > MAX_RETRIES) {
            return false;
        }
        commandDispatch.run();
        return true;
    }
}
