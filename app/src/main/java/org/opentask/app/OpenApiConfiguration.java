package org.opentask.app;

import java.util.Arrays;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs: snake_case fields as the API sends them, and the headers it reads. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // resolved from the key and the X-Operator header, not a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Bean
    OpenAPI openTaskOpenApi() {
        return new OpenAPI()
                .info(new Info().title("OpenTask").version("1")
                        .description("Task engine for bots: the original OpenTask API, event-sourced."))
                .components(new Components().addSecuritySchemes("bot-key", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("bot-key"));
    }

    /** Documents X-Operator on the calls that record who acted. */
    @Bean
    OperationCustomizer actorHeader() {
        return (operation, handlerMethod) -> {
            boolean recordsActor = Arrays.stream(handlerMethod.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == Actor.class);
            if (recordsActor) {
                operation.addParametersItem(new HeaderParameter().name(Actor.HEADER).required(false)
                        .description("Who acts, for the audit trail, when the key names nobody")
                        .schema(new StringSchema().maxLength(Actor.MAX_LENGTH)));
            }
            return operation;
        };
    }

    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }
}
