package org.opentask.app.security;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Who acts in each call ({@link Actor}): controllers take it as a parameter, the OpenAPI document names its header. */
@Configuration(proxyBeanMethods = false)
class ActorConfiguration implements WebMvcConfigurer {

    static {
        // resolved from the key and the X-Operator header, not a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new Actor.Resolver());
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
}
