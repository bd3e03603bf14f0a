package org.opentask.app.claim;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code POST /api/tasks/claim}, {@code opentask.claim.*}; see {@code docs/claim.md}.
 *
 * @param recheckInterval how often waiting claimers look for pending tasks that no local event announced (tasks
 *                        created through another instance of the service, say): the longest such a task waits
 * @param threads         the threads that run the claims of woken waiters; waiting itself takes none
 * @param maxWaiters      how many claimers may wait at once on this instance; more are answered 503. Never more
 *                        than three quarters of the connections the server accepts
 *                        ({@code server.tomcat.max-connections}), so that other calls and {@code /health} always
 *                        find a connection
 * @param maxWaitersPerBot how many claimers one bot's own key may have waiting at once
 */
@ConfigurationProperties("opentask.claim")
record ClaimProperties(@DefaultValue("1s") Duration recheckInterval,
                       @DefaultValue("4") int threads,
                       @DefaultValue("4096") int maxWaiters,
                       @DefaultValue("16") int maxWaitersPerBot) {

    /** The longest a claim may wait, in seconds, as the API promises. */
    static final int MAX_WAIT_SECONDS = 60;
}
