package org.opentask.app.system;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs, with snake_case fields as the API sends them. The headers the API reads
 * are documented where they are handled (security's {@code ApiKeyConfiguration} and
 * {@code ActorConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI openTaskOpenApi() {
        return new OpenAPI()
                .info(new Info().title("OpenTask").version("1")
                        .description("Task engine for bots: the original OpenTask API, event-sourced."));
    }

    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }
}
