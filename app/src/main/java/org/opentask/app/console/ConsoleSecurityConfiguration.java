package org.opentask.app.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Spring Security guards the console only. Everything under {@code /web/} needs an operator's login (name and
 * operator key, see {@link OperatorLogin}); forms carry CSRF tokens. Every other path passes through the API's own
 * pass-through chain, which comes after this one. Only where there is a web server: the shell's replay
 * ({@code --spring.main.web-application-type=none --opentask.replay=all}) runs without one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurityConfiguration {

    static final String LOGIN = "/web/login";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint(LOGIN);
        // after signing in, back to the page asked for: never to a fragment a background refresh asked for
        HttpSessionRequestCache pageAskedFor = new HttpSessionRequestCache();
        pageAskedFor.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getHeader("HX-Request") == null);
        return http
                .securityMatcher("/web/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(LOGIN, "/web/assets/**").permitAll()
                        .anyRequest().hasRole(OperatorLogin.ROLE))
                .requestCache(cache -> cache.requestCache(pageAskedFor))
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .usernameParameter("name")
                        .passwordParameter("key")
                        .defaultSuccessUrl("/web/", false)
                        .failureUrl(LOGIN + "?error"))
                .logout(logout -> logout
                        .logoutUrl("/web/logout")
                        .logoutSuccessUrl(LOGIN + "?logout"))
                // a poll from a page whose session ran out sends the whole page to the login, not a fragment
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, denied) -> {
                    if (request.getHeader("HX-Request") != null) {
                        response.setHeader("HX-Redirect", request.getContextPath() + LOGIN);
                        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    } else {
                        loginPage.commence(request, response, denied);
                    }
                }))
                .build();
    }
}
