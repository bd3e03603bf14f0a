package org.opentask.app.system;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs, written for the clients generated from it: every operation with a readable
 * id, a summary and its real answers, the problem-details schema of every error, schemas with their required
 * fields, limits, enums and examples ({@link ApiOperations}, {@link ApiSchemas}). The key's security scheme is
 * security's {@code ApiKeyConfiguration}, the {@code X-Operator} header is {@code ActorConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** How the API prints a time: its original's MySQL DATETIME, in the server's zone, with no offset. */
    static final String LOCAL_TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$";

    static {
        // A LocalDateTime is no RFC 3339 date-time (it has no offset): a client that parsed it as one would fail.
        SpringDocUtils.getConfig().replaceWithSchema(LocalDateTime.class, new StringSchema()
                .pattern(LOCAL_TIME_PATTERN).example("2026-11-25T11:29:03")
                .description("A time in the server's time zone (opentask.time-zone), ISO-8601 without offset"));
        // Free JSON in a request (task_params, result, error_message, reason): any JSON value, not Jackson's node
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>()
                .description("Any JSON value: a string is kept as it is, any other value as its JSON text"));
        SpringDocUtils.getConfig().replaceWithSchema(com.fasterxml.jackson.databind.JsonNode.class, new Schema<>()
                .description("Any JSON value"));
    }

    @Bean
    OpenAPI openTaskOpenApi() {
        return new OpenAPI()
                .info(new Info().title("OpenTask").version("1")
                        .license(new License().name("MIT"))
                        .description("""
                                Task engine for bots: the original OpenTask API, event-sourced. Bots claim their \
                                next task, keep its lease with heartbeats and report it completed or failed; \
                                operators create, list, edit, retry, cancel and delete tasks and read their audit \
                                trail, events and statistics.

                                Every `/api` call sends the key in `X-Bot-Key`. Every error is an RFC 9457 \
                                problem (`application/problem+json`) whose `detail` says what went wrong and, for \
                                bad input, whose `field` names the field; nothing is written then. Times are \
                                printed in the server's time zone without offset, as the original printed them."""))
                .tags(List.of(
                        new Tag().name("tasks").description("Create, read, edit and delete tasks"),
                        new Tag().name("lifecycle").description("Move a task through its states"),
                        new Tag().name("bots").description("What a bot calls: claim its next task, renew its lease"),
                        new Tag().name("history").description("The audit trail and the event stream of a task"),
                        new Tag().name("statistics").description("Today per bot, and per day over a range"),
                        new Tag().name("admin").description("Operator calls: rebuild the read models"),
                        new Tag().name("health").description("Whether the service and its database answer")));
    }

    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }

    /** Operations first (ids, summaries, answers), then the schemas they name. */
    @Bean
    OpenApiCustomizer openTaskDocument(OpenTaskProperties properties) {
        return openApi -> {
            openApi.getComponents().addSchemas(ApiOperations.PROBLEM, problemSchema());
            new ApiOperations(properties).describe(openApi);
            ApiSchemas.describe(openApi);
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        Schema problem = new ObjectSchema()
                .description("An RFC 9457 problem: what went wrong, and for bad input which field")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema()
                        .example("task_name must be at most 100 characters, got 130"))
                .addProperty("instance", new StringSchema().example("/api/tasks"))
                .addProperty("field", new StringSchema().nullable(true)
                        .description("For a 400: the field, parameter or header at fault").example("task_name"))
                .addProperty("current_status", new StringSchema().nullable(true)
                        .description("For a 409: the task's status, which forbids the call").example("completed"));
        problem.setRequired(List.of("status", "detail"));
        problem.setAdditionalProperties(true);
        problem.setExample(Map.of("type", "about:blank", "title", "Bad Request", "status", 400,
                "detail", "task_name must be at most 100 characters, got 130", "instance", "/api/tasks",
                "field", "task_name"));
        return problem;
    }
}
