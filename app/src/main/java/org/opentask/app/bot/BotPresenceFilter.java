package org.opentask.app.bot;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.security.Caller;
import org.opentask.app.system.ApiPaths;
import org.opentask.app.system.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes each API call that shows a bot is alive; runs after the key check, so only accepted calls count. Calls are
 * told by the path Spring routes them by ({@link ApiPaths}), not the raw URI: {@code /%61pi/tasks/pending} is
 * served as the heartbeat's pending call, so it shows the bot alive as well.
 */
class BotPresenceFilter extends OncePerRequestFilter {

    private final BotPresence presence;

    BotPresenceFilter(BotPresence presence) {
        this.presence = presence;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Caller.of(request);
        if (caller != null) {
            if (caller.role() == Caller.Role.BOT) {
                presence.seen(caller.name());
            } else if ("GET".equals(request.getMethod()) && ApiPaths.path(request).equals("/api/tasks/pending")) {
                presence.seen(request.getParameter("assigned_to"));
            }
        }
        chain.doFilter(request, response);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<BotPresenceFilter> botPresenceFilter(BotPresence presence) {
            return FilterOrder.BOT_PRESENCE.register(new BotPresenceFilter(presence));
        }
    }
}
