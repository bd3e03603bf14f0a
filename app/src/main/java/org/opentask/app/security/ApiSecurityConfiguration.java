package org.opentask.app.security;

import java.util.Arrays;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.opentask.app.system.ApiPaths;
import org.opentask.app.system.OpenTaskProperties;
import org.opentask.app.system.Problems;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Who may call what on {@code /api/**}: every rule of the API's security, in one chain (the console, under
 * {@code /web/}, has its own). Paths are judged as Spring MVC routes them, decoded and normalized
 * ({@link ApiPaths}); Spring Security's {@code StrictHttpFirewall} refuses, before any rule, what a router might
 * read two ways (encoded slashes, {@code /../}, backslashes).
 * <ul>
 *     <li>{@code /api/**}: a key in {@code X-Bot-Key} ({@link ApiKeyFilter}): missing or wrong 401, a disabled
 *     bot's 403, too many wrong keys from one client 429;</li>
 *     <li>{@code /api/admin/**}: an operator's key, whatever feature serves the call (replay, bots, ...);</li>
 *     <li>a bot's key works its own bot's tasks only: the Task aggregate refuses every command on another bot's
 *     task ({@code Task#requireBot}), and the read calls answer another bot's task as unknown
 *     ({@link Actor#mayRead}); {@code docs/security.md} has the whole table;</li>
 *     <li>everything else ({@code /health}, the API documents) is open.</li>
 * </ul>
 * The {@code prod} profile refuses weak keys: the documented defaults and any key under 24 characters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeyProperties.class)
class ApiSecurityConfiguration {

    /** Keys that appear in documentation and examples: known to everyone. */
    static final Set<String> WELL_KNOWN_KEYS = Set.of(OpenTaskProperties.DEFAULT_API_KEY,
            "change-me-before-production", "changeme", "change-me", "secret", "password");
    static final int MIN_KEY_LENGTH = 24;

    ApiSecurityConfiguration(OpenTaskProperties properties, KeyProperties keys, Environment environment) {
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
            if (keys.sharedKeyRole() != KeyProperties.SharedKeyRole.DISABLED) {
                requireStrong("opentask.api-key (or OPENTASK_API_KEY)", properties.apiKey());
            }
            keys.botKeys().forEach((name, key) -> requireStrong("the key of bot " + name, key));
            keys.operatorKeys().forEach((name, key) -> requireStrong("the key of operator " + name, key));
        }
    }

    private static void requireStrong(String what, String key) {
        if (key == null || key.isBlank() || WELL_KNOWN_KEYS.contains(key.strip())
                || key.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("The prod profile needs its own API key: " + what + " is blank, a "
                    + "documented default or shorter than " + MIN_KEY_LENGTH + " characters; set a random one, e.g. "
                    + "openssl rand -base64 32 (or set opentask.security.shared-key-role=disabled and use the bot "
                    + "registry's keys)");
        }
    }

    @Bean
    KeyGuessing keyGuessing(KeyProperties keys) {
        return new KeyGuessing(keys.failedKeyBudget(), keys.failedKeyRefill());
    }

    /** After the console's chain ({@code @Order(1)}), which claims {@code /web/**}: every other path comes here. */
    @Bean
    @Order(2)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, KeyGuessing guessing) throws Exception {
        RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        return http
                .securityContext(context -> context.securityContextRepository(contexts))
                .addFilterBefore(new ApiKeyFilter(apiKeys, guessing, contexts), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // a long-poll's answer and an error page come after the request itself was let in
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(ApiPaths::isAdmin).hasRole(Caller.Role.OPERATOR.name())
                        .requestMatchers(ApiPaths::isApi).authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> Problems.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "Missing X-Bot-Key header"))
                        .accessDeniedHandler((request, response, e) -> Problems.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "This call needs an operator's key")))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                // no session, and nothing asks the servlet API who the caller is (Actor comes from the security
                // context): neither filter has anything to do on an API call
                .sessionManagement(session -> session.disable())
                .servletApi(servletApi -> servletApi.disable())
                .build();
    }

    /** Every call of the OpenAPI document needs the key. */
    @Bean
    OpenApiCustomizer apiKeyDocumentation() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes("bot-key", new SecurityScheme()
                    .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER));
            openApi.addSecurityItem(new SecurityRequirement().addList("bot-key"));
        };
    }
}
