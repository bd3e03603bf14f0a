package org.opentask.app.availability;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.system.ApiPaths;
import org.opentask.app.system.Problems;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is away ({@link DatabaseWatch}), every {@code /api/**} call answers 503 with
 * {@code Retry-After} at once: no request thread waits for a connection that cannot come.
 */
final class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private final DatabaseWatch watch;
    private final long retryAfterSeconds;

    DatabaseUnavailableFilter(DatabaseWatch watch, long retryAfterSeconds) {
        this.watch = watch;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return watch.reachable() || !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        Problems.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, DatabaseUnavailableAdvice.DETAIL);
    }
}
