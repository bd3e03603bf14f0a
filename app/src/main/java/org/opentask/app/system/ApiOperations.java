package org.opentask.app.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.opentask.api.TaskLimits;
import org.opentask.query.ProjectionReplay;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each operation of the document: its id, summary and tag, its answers (the 2xx it really gives, and the problems a
 * client can get), and the facts of its parameters. The ids, summaries and descriptions are one table of data
 * ({@value #TABLE}), apart from the controllers, so that the features' code stays about the features; an operation
 * missing there still gets a readable id and its problems.
 */
final class ApiOperations {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    /** One row of the table: an operation by its method and path, and how the document describes it. */
    private record Described(String method, String path, String id, String tag, String summary, String description) {
    }

    static final String TABLE = "/openapi/operations.json";

    /** The table, read once: prose the document shows, kept as data apart from the code. */
    private static final Map<String, Described> OPERATIONS = read();

    private static Map<String, Described> read() {
        try (InputStream in = ApiOperations.class.getResourceAsStream(TABLE)) {
            Map<String, Described> operations = new LinkedHashMap<>();
            for (Described described : JsonMapper.shared().readValue(Objects.requireNonNull(in, TABLE),
                    Described[].class)) {
                operations.put(described.method() + " " + described.path(), described);
            }
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TABLE, e);
        }
    }

    private final OpenTaskProperties properties;

    ApiOperations(OpenTaskProperties properties) {
        this.properties = properties;
    }

    void describe(OpenAPI openApi) {
        Set<String> ids = new LinkedHashSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String key = method.name() + " " + path;
            Described described = OPERATIONS.get(key);
            if (described != null) {
                operation.setOperationId(described.id());
                operation.setSummary(described.summary());
                operation.setDescription(described.description());
                operation.setTags(List.of(described.tag()));
            } else {
                operation.setOperationId(readableId(method, path, operation.getOperationId()));
                if (operation.getSummary() == null) {
                    operation.setSummary(method.name() + " " + path);
                }
            }
            while (!ids.add(operation.getOperationId())) {
                operation.setOperationId(readableId(method, path, null));
            }
            parameters(operation, path);
            answers(operation, method, path, operation.getOperationId());
        }));
    }

    /** An id from the method and the path when springdoc's own is a numbered duplicate such as start_1. */
    private static String readableId(PathItem.HttpMethod method, String path, String given) {
        if (given != null && !given.matches(".*_\\d+$")) {
            return given;
        }
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String part : path.split("[/_{}-]+")) {
            if (!part.isEmpty() && !part.equals("api")) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    /** One parameter per name and place (two handlers of one path each brought theirs), with its limits. */
    private void parameters(Operation operation, String path) {
        if (operation.getParameters() == null) {
            return;
        }
        Map<String, Parameter> unique = new LinkedHashMap<>();
        for (Parameter parameter : operation.getParameters()) {
            unique.putIfAbsent(parameter.getIn() + ":" + parameter.getName(), parameter);
        }
        boolean botNeeded = path.equals("/api/tasks/claim") || path.equals("/api/tasks/pending");
        for (Parameter parameter : unique.values()) {
            describe(parameter, botNeeded);
        }
        operation.setParameters(new ArrayList<>(unique.values()));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void describe(Parameter parameter, boolean botNeeded) {
        Schema schema = switch (parameter.getName()) {
            case "id", "task_id" -> {
                parameter.description("The task's id").example(42);
                yield new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ONE);
            }
            case "assigned_to" -> {
                parameter.description(botNeeded ? "The bot" : "Only this bot's tasks").example("anna")
                        .required(botNeeded);
                yield new StringSchema().minLength(botNeeded ? 1 : null).maxLength(TaskLimits.BOT_LENGTH);
            }
            case "status" -> {
                parameter.description("Only tasks in this status");
                yield new StringSchema()._enum(List.of("pending", "running", "completed", "failed", "cancelled"));
            }
            case "priority" -> {
                parameter.description("Only tasks of this priority");
                yield new StringSchema()._enum(List.of("P0", "P1", "P2"));
            }
            case "exhausted" -> {
                parameter.description("With status=failed: only the tasks that used all their retries");
                yield new BooleanSchema();
            }
            case "limit" -> {
                parameter.description("At most this many tasks");
                yield new IntegerSchema().minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(properties.maxLimit()))._default(properties.defaultLimit());
            }
            case "offset" -> {
                parameter.description("Skip this many tasks first");
                yield new IntegerSchema().minimum(java.math.BigDecimal.ZERO)._default(0);
            }
            case "wait" -> {
                parameter.description("Seconds to wait for a task to arrive when there is none (long poll)");
                yield new IntegerSchema().minimum(java.math.BigDecimal.ZERO).maximum(java.math.BigDecimal.valueOf(60))
                        ._default(0);
            }
            case "at" -> {
                parameter.required(false).example("2026-11-25T10:00:00")
                        .description("The task as it was at this moment: ISO-8601, with an offset or without one "
                                + "(then in the server's time zone)");
                yield new StringSchema();
            }
            case "from", "to" -> {
                parameter.description("First (from) or last (to) day, ISO date, server time zone");
                yield new DateSchema();
            }
            case "group_by" -> {
                parameter.description("A row per day and bot (bot) or per day for all bots (day)");
                yield new StringSchema()._enum(List.of("bot", "day"))._default("bot");
            }
            case "projection" -> {
                parameter.description("Only these read models: one of " + ProjectionReplay.projections()
                        + ", or several separated by commas (bot-task,task-analytics); every one when absent");
                yield new StringSchema().example("task-analytics");
            }
            case "Idempotency-Key" -> {
                parameter.description("A key of the client's own: a retried create with the same key and body "
                        + "answers the first task instead of creating another").example("report-week47");
                yield new StringSchema().minLength(1).maxLength(255);
            }
            default -> parameter.getSchema();
        };
        parameter.setSchema(schema);
    }

    /** The 2xx answers the calls really give, and the problems every client can meet. */
    private static void answers(Operation operation, PathItem.HttpMethod method, String path, String id) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse ok = responses.get("200");
        if (ok != null && ok.getDescription() != null && ok.getDescription().equals("OK")) {
            ok.setDescription(switch (id) {
                case "deleteTask" -> "Deleted: `{\"id\": 42, \"deleted\": true}`";
                case "listTasks", "listPendingTasks" -> "The tasks";
                case "getHealth" -> "Healthy: `{\"status\": \"healthy\"}`";
                default -> "The task, as it is after the call";
            });
        }
        switch (id) {
            case "claimTask" -> {
                if (ok != null) {
                    ok.setDescription("The claimed task, started and the caller's");
                }
                responses.addApiResponse("204", new ApiResponse().description("No pending task for the bot"));
            }
            case "startReplay" -> {
                ApiResponse accepted = responses.remove("200");
                if (accepted != null) {
                    responses.addApiResponse("202", accepted.description("Started: the replay's status"));
                }
            }
            case "createTask" -> (ok == null ? new ApiResponse() : ok).addHeaderObject("Idempotent-Replayed", new Header()
                    .description("true when an Idempotency-Key answered an earlier create")
                    .schema(new BooleanSchema()));
            case "getHealth" -> responses.addApiResponse("503", new ApiResponse()
                    .description("The database does not answer: `{\"status\": \"unhealthy\", \"detail\": ...}`")
                    .content(json(new ObjectSchema().addProperty("status", new StringSchema()._enum(
                            List.of("unhealthy"))).addProperty("detail", new StringSchema()))));
            default -> {
            }
        }
        Object example = switch (id) {
            case "getTodayStats" -> Map.of("anna", Map.of("total", 5, "pending", 1, "running", 1, "completed", 2,
                    "failed", 1, "cancelled", 0));
            case "deleteTask" -> Map.of("id", 42, "deleted", true);
            case "getHealth" -> Map.of("status", "healthy");
            default -> null;
        };
        if (example != null && ok != null && ok.getContent() != null) {
            ok.getContent().values().forEach(media -> media.setExample(example));
        }
        if (!path.startsWith("/api/")) {
            operation.setSecurity(List.of());
            operation.setResponses(responses);
            return;
        }
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> !p.getName().equals("X-Operator")));
        boolean sendsBody = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
        if (hasInput) {
            problem(responses, "400", "Bad input: `field` names the field, nothing is written");
        }
        problem(responses, "401", "Missing or wrong key: `Missing X-Bot-Key header` or `Invalid API Key`");
        if (path.startsWith("/api/admin/")) {
            problem(responses, "403", "A bot's key: this call needs an operator's key");
        }
        if (path.contains("{id}") || path.contains("{task_id}")) {
            problem(responses, "404", "No such task, or it was deleted");
        }
        if (id.equals("createTask") || id.equals("updateTask") || id.equals("startReplay")
                || (method == PathItem.HttpMethod.PUT && path.matches("/api/tasks/\\{id}/\\w+"))) {
            problem(responses, "409", switch (id) {
                case "startReplay" -> "A replay is running already";
                case "createTask" -> "A create with the same Idempotency-Key is being written: send it again";
                default -> "The task's state forbids this (`current_status` names it); nothing is written";
            });
        }
        if (sendsBody) {
            problem(responses, "413", "The body is larger than opentask.max-request-bytes");
        }
        if (id.equals("createTask")) {
            problem(responses, "422", "The Idempotency-Key was used before with another body");
        }
        problem(responses, "429", "Too many requests: try again after Retry-After").addHeaderObject("Retry-After",
                retryAfter());
        problem(responses, "503", "Busy (too many waiting claims, a contended claim) or the database does not "
                + "answer: try again after Retry-After").addHeaderObject("Retry-After", retryAfter());
        operation.setResponses(responses);
    }

    private static ApiResponse problem(ApiResponses responses, String code, String description) {
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        responses.addApiResponse(code, response);
        return response;
    }

    private static Header retryAfter() {
        return new Header().description("Seconds to wait before trying again").schema(new IntegerSchema());
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }
}
