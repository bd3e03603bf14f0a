package org.opentask.app.system;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every request gets an id: the caller's {@code X-Request-Id} when it sends a sensible one, else a new one. Each
 * log line written while the request is served carries it ({@code requestId} in the MDC, so in JSON logs too), and
 * the response returns it in {@code X-Request-Id}, so that a client's report and the service's log meet.
 */
@Configuration(proxyBeanMethods = false)
class RequestIdConfiguration {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        return FilterOrder.REQUEST_ID.register(new RequestIdFilter());
    }

    static final class RequestIdFilter extends EveryDispatchFilter {

        private static final String ATTRIBUTE = RequestIdFilter.class.getName();
        private static final Pattern SENSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // a long-poll's answer is written on a second (async) dispatch of the same request: same id
            String id = (String) request.getAttribute(ATTRIBUTE);
            if (id == null) {
                String given = request.getHeader(HEADER);
                id = given != null && SENSIBLE.matcher(given).matches() ? given
                        : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
                request.setAttribute(ATTRIBUTE, id);
                response.setHeader(HEADER, id);
            }
            MDC.put(MDC_KEY, id);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(MDC_KEY);
            }
        }
    }
}
