package org.opentask.app.system;

import java.time.LocalDateTime;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/** The API's JSON: its shape, and bodies read as JSON whatever their content type says. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * The original service's JSON: snake_case names, statuses in lower case, and times as the original's MySQL
     * {@code DATETIME} printed them, {@code 2026-04-24T10:00:00}, in the server's time zone.
     */
    @Bean
    JsonMapperBuilderCustomizer openTaskJson() {
        return builder -> builder
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .withConfigOverride(LocalDateTime.class,
                        override -> override.setFormat(JsonFormat.Value.forPattern("yyyy-MM-dd'T'HH:mm:ss")))
                // a wrong JSON type is a 400 naming the field, not a silent conversion: a number or a boolean is
                // no task_name, and progress 50.7 is no integer. A number in a string ("50") is still read as one:
                // curl's form bodies carry every value as text.
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // task_params is kept as the JSON text of what was sent: its decimals keep every digit (3.14159265358979
                // 323846 is no double) and 1e400 stays a number, where a double would store 3.141592653589793 and
                // Infinity. The idempotency fingerprint of a create hashes the same values, so it tells 2.5 from 2.50.
                .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** Before Spring's FormContentFilter, which would otherwise take a form-labelled JSON body for a form. */
    @Bean
    FilterRegistrationBean<JsonBodyFilter> jsonBodyFilter(OpenTaskProperties properties, JsonMapper jsonMapper) {
        return FilterOrder.JSON_BODY.register(new JsonBodyFilter(properties.maxRequestBytes(), jsonMapper));
    }

    @Bean
    FilterRegistrationBean<RequestParametersFilter> requestParametersFilter() {
        return FilterOrder.REQUEST_PARAMETERS.register(new RequestParametersFilter());
    }

    @Bean
    FilterRegistrationBean<OperatorHeaderFilter> operatorHeaderFilter() {
        return FilterOrder.OPERATOR_HEADER.register(new OperatorHeaderFilter());
    }
}
