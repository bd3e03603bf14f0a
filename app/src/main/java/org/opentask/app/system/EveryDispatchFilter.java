package org.opentask.app.system;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter that also sees a long poll's second, async dispatch (a claim's answer is written there), where
 * {@link OncePerRequestFilter} skips it by default: the request id and the request's timer follow the request to
 * its answer.
 */
public abstract class EveryDispatchFilter extends OncePerRequestFilter {

    @Override
    protected final boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
