package org.opentask.app.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.system.ApiPaths;
import org.opentask.app.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the {@code X-Bot-Key} of an {@code /api/**} call into its caller, in the API's security chain
 * ({@link ApiSecurityConfiguration}, where the rules are): a missing or wrong key is a 401 that says which, a
 * disabled bot's key a 403, and a client that has spent its budget of wrong keys a 429 ({@link KeyGuessing}).
 * Runs before anything reads the body.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Bot-Key";

    private final ApiKeys keys;
    private final KeyGuessing guessing;
    private final SecurityContextRepository contexts;

    ApiKeyFilter(ApiKeys keys, KeyGuessing guessing, SecurityContextRepository contexts) {
        this.keys = keys;
        this.guessing = guessing;
        this.contexts = contexts;
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
        String client = request.getRemoteAddr();
        long wait = guessing.waitSeconds(client);
        if (wait > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            Problems.write(response, 429, "Too many wrong keys from this client; try again in " + wait + " seconds");
            return;
        }
        ApiKeys.Check check = keys.check(given);
        if (check.disabledBot() != null) {
            Problems.write(response, HttpServletResponse.SC_FORBIDDEN,
                    "Bot " + check.disabledBot() + " is disabled: its keys are refused until an operator enables it");
            return;
        }
        Caller caller = check.caller();
        if (caller == null) {
            guessing.failed(client);
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Invalid API Key");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name()))));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
