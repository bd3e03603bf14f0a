package org.opentask.app.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security is on the classpath for the console, whose chain guards {@code /web/**} only. Every other path
 * passes through this chain, which permits all and adds nothing, so {@code /api/**} keeps its own
 * {@code X-Bot-Key} check ({@link ApiKeyFilter}) and answers exactly as it would without Spring Security, and
 * {@code /health}, the API docs and the webjars stay open. Only where there is a web server: the shell's replay
 * ({@code --spring.main.web-application-type=none --opentask.replay=all}) runs without one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PassThroughSecurityConfiguration {

    /** After the console's chain ({@code @Order(1)}), which claims {@code /web/**}. */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
