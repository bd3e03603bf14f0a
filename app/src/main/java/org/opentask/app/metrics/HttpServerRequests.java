package org.opentask.app.metrics;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.system.EveryDispatchFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every HTTP request as Spring's server observation does ({@code http.server.requests}, tagged {@code method},
 * {@code uri}, {@code status}, {@code outcome}, {@code exception} and {@code error}, with the same rules: the route's
 * pattern, else {@code REDIRECTION}, {@code NOT_FOUND} or {@code UNKNOWN}; a long poll timed until its answer), and
 * Spring Boot's properties still apply to the meter (SLO buckets, common tags, the cap on uri tags). It takes the
 * place of the observation filter because that one builds an observation, its context and its key values on every
 * request and asks the registry for the timer by name and tags each time; here a timer is looked up by route,
 * method, status and exception in a map of its own. Measured in docs/operations.md ("What metrics cost").
 */
final class HttpServerRequests extends EveryDispatchFilter {

    static final String METER = "http.server.requests";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");
    private static final String NONE = "none";
    private static final String PENDING = HttpServerRequests.class.getName() + ".pending";

    private final MeterRegistry registry;
    private final ConcurrentMap<Route, Timer> timers = new ConcurrentHashMap<>();

    HttpServerRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean asyncDispatch = request.getDispatcherType() == DispatcherType.ASYNC;
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            failure = unwrap(e);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            throw e;
        } finally {
            if (request.isAsyncStarted()) {
                if (!asyncDispatch) {
                    // a long poll: timed until the async answer completes
                    Pending pending = new Pending(request, response, start, failure);
                    request.setAttribute(PENDING, pending);
                    request.getAsyncContext().addListener(pending);
                }
            } else if (asyncDispatch) {
                // the async answer's own dispatch: the listener records the request when it completes
                if (failure != null && request.getAttribute(PENDING) instanceof Pending pending) {
                    pending.failure = failure;
                }
            } else {
                record(request, response, System.nanoTime() - start, failure != null ? failure : errorOf(request));
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long nanos, Throwable failure) {
        int status = response.getStatus();
        String exception = failure == null ? NONE : nameOf(failure.getClass());
        Route route = new Route(method(request), uri(request, status), status, exception);
        timers.computeIfAbsent(route, this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Route route) {
        return Timer.builder(METER)
                .tag("method", route.method())
                .tag("uri", route.uri())
                .tag("status", Integer.toString(route.status()))
                .tag("outcome", outcome(route.status()))
                .tag("exception", route.exception())
                .tag("error", route.exception())
                .register(registry);
    }

    private static String method(HttpServletRequest request) {
        String method = request.getMethod();
        return METHODS.contains(method) ? method : "UNKNOWN";
    }

    /** The route's pattern as the handler mapping matched it; without one, what the status says. */
    private static String uri(HttpServletRequest request, int status) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern instanceof String matched) {
            return matched.isEmpty() ? "root" : matched;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return status == HttpServletResponse.SC_NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    private static Throwable errorOf(ServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error ? error : null;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof ServletException && e.getCause() != null ? e.getCause() : e;
    }

    private static String nameOf(Class<?> type) {
        String name = type.getSimpleName();
        return name.isEmpty() ? type.getName() : name;
    }

    private record Route(String method, String uri, int status, String exception) {
    }

    /** A request whose answer comes on an async dispatch: recorded once, when it completes (or times out). */
    private final class Pending implements AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long start;
        private volatile Throwable failure;
        private boolean recorded;

        Pending(HttpServletRequest request, HttpServletResponse response, long start, Throwable failure) {
            this.request = request;
            this.response = response;
            this.start = start;
            this.failure = failure;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish();
        }

        @Override
        public void onError(AsyncEvent event) {
            failure = unwrap(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        private synchronized void finish() {
            if (!recorded) {
                recorded = true;
                record(request, response, System.nanoTime() - start, failure);
            }
        }
    }
}
