package org.opentask.app.system;

import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * The one table of the order in which the service's filters see a request, first to last; each feature registers
 * its filter through its row. Spring Boot's own filters keep their orders (its character encoding filter shares the
 * first place). {@link #SECURITY} is Spring Security's chain, whose order is a property
 * ({@code spring.security.filter.order} in application.properties) that must match its row.
 */
public enum FilterOrder {

    /** The request's id, first of all, so that even a refused key or a 503 answers with it. */
    REQUEST_ID(0),
    /** The request's timer, so that a refused key, a 503 and a long poll are timed too. */
    HTTP_SERVER_REQUESTS(1),
    /** The 503 while the database is away: before the key check, which may read the database to know the caller. */
    DATABASE_UNAVAILABLE(5),
    /** The {@code X-Operator} header checked before the security chain, whose firewall reads header values. */
    OPERATOR_HEADER(6),
    /** Spring Security's chain with the key check: the caller is known to every filter after it. */
    SECURITY(10),
    /** Bodies bounded and read as JSON, after the key check and before anything takes a JSON body for a form. */
    JSON_BODY(20),
    /**
     * Parameters checked after every API body is read (so Tomcat parses only the query string), before bot presence
     * and the controllers read them.
     */
    REQUEST_PARAMETERS(25),
    /** A bot's presence noted after the key check, which names the caller: only accepted calls count. */
    BOT_PRESENCE(30);

    private final int order;

    FilterOrder(int afterFirst) {
        this.order = Ordered.HIGHEST_PRECEDENCE + afterFirst;
    }

    /** The filter's order, as Spring sorts filters: lower first. */
    public int order() {
        return order;
    }

    /** {@code filter} registered on every path at this row's place. */
    public <F extends Filter> FilterRegistrationBean<F> register(F filter) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }
}
