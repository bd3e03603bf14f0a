package org.opentask.app.security;

import java.util.Arrays;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.opentask.app.system.OpenTaskProperties;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The key every {@code /api/**} call carries: its check, which runs before anything reads the body, its place in
 * the OpenAPI document, and the {@code prod} profile's refusal to start with the documented default key.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    ApiKeyConfiguration(OpenTaskProperties properties, Environment environment) {
        String key = properties.apiKey();
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")
                && (key.isBlank() || OpenTaskProperties.DEFAULT_API_KEY.equals(key))) {
            throw new IllegalStateException("The prod profile needs its own API key: set opentask.api-key "
                    + "(or OPENTASK_API_KEY); neither the documented default key nor a blank one is accepted");
        }
    }

    /** The key is checked before anything reads the body. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
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
