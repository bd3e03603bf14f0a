package org.opentask.app.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.system.ApiPaths;
import org.opentask.app.system.Problems;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/**} call carries a key in {@code X-Bot-Key}; the answer says whether it was missing or wrong.
 * The admin calls under {@code /api/admin/} need an operator's key.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Bot-Key";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given == null || given.isEmpty()) {
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Missing X-Bot-Key header");
            return;
        }
        Caller caller = keys.resolve(given);
        if (caller == null) {
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Invalid API Key");
        } else if (!caller.isOperator()
                && request.getRequestURI().startsWith(request.getContextPath() + "/api/admin/")) {
            Problems.write(response, HttpServletResponse.SC_FORBIDDEN, "This call needs an operator's key");
        } else {
            request.setAttribute(Caller.ATTRIBUTE, caller);
            chain.doFilter(request, response);
        }
    }
}
