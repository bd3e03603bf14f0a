package org.opentask.app.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * Each operation of the document: its id, summary and tag, its answers (the 2xx it really gives, and the problems a
 * client can get), and the facts of its parameters. Kept in one table, apart from the controllers, so that the
 * features' code stays about the features; an operation missing here still gets a readable id and its problems.
 */
final class ApiOperations {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    private record Described(String id, String tag, String summary, String description) {
    }

    private static final Map<String, Described> OPERATIONS = new LinkedHashMap<>();

    private static void operation(String key, String id, String tag, String summary, String description) {
        OPERATIONS.put(key, new Described(id, tag, summary, description));
    }

    static {
        operation("POST /api/tasks", "createTask", "tasks", "Create a task",
                "With an `Idempotency-Key` header, the same key and body answer the first task again "
                        + "(`Idempotent-Replayed: true`) and write nothing; the same key with another body is 422.");
        operation("GET /api/tasks", "listTasks", "tasks", "List tasks, newest first",
                "Deleted tasks are hidden; empty filters are ignored. `status=failed&exhausted=true` lists the "
                        + "failed tasks that used all their retries.");
        operation("GET /api/tasks/pending", "listPendingTasks", "bots", "A bot's pending tasks, next first",
                "P0 before P1 before P2, then oldest first; tasks whose `not_before` is still ahead are left out.");
        operation("GET /api/tasks/{id}", "getTask", "tasks", "One task, or the task as it was at a moment",
                "With `at`, the task folded from its events up to that moment; 404 if it did not exist yet.");
        operation("PUT /api/tasks/{id}", "updateTask", "tasks", "Edit a task",
                "Only the fields sent change. `progress` only while pending or running, and renews a running "
                        + "task's lease. `status` cannot be edited: the lifecycle calls check the transition.");
        operation("DELETE /api/tasks/{id}", "deleteTask", "tasks", "Delete a task",
                "A soft delete: the task is hidden from reads, its audit trail and events stay.");
        operation("PUT /api/tasks/{id}/start", "startTask", "lifecycle", "Start a pending task",
                "pending -> running: `started_time` set, progress 0, the lease starts.");
        operation("PUT /api/tasks/{id}/complete", "completeTask", "lifecycle", "Complete a running task",
                "running -> completed, progress 100; `result` is kept as text.");
        operation("PUT /api/tasks/{id}/fail", "failTask", "lifecycle", "Fail a running task",
                "running -> failed, `completed_time` set; with automatic retry the engine retries it later.");
        operation("PUT /api/tasks/{id}/retry", "retryTask", "lifecycle", "Retry a failed task",
                "failed -> pending, `retry_count` + 1, while `retry_count` < `max_retry`.");
        operation("PUT /api/tasks/{id}/cancel", "cancelTask", "lifecycle", "Cancel a task",
                "pending, running or failed -> cancelled; `reason` shows in the audit trail.");
        operation("PUT /api/tasks/{id}/heartbeat", "heartbeatTask", "bots", "Renew a running task's lease",
                "The lease ends `timeout_seconds` after this call instead; `progress` is recorded too. A bot "
                        + "that works longer than its lease without a heartbeat loses the task: the engine fails it.");
        operation("POST /api/tasks/claim", "claimTask", "bots", "Claim a bot's next task",
                "Takes the bot's next due pending task and starts it, in one call: each task goes to exactly one "
                        + "claimer. 204 when there is none; with `wait`, waits up to that many seconds for one.");
        operation("GET /api/tasks/{id}/events", "listTaskEvents", "history", "A task's stored events, oldest first",
                "The raw event stream, also of a deleted task.");
        operation("GET /api/logs/{task_id}", "listTaskLog", "history", "A task's audit trail, newest first",
                "One row per state change and edit, also of a deleted task; 404 if the task never existed.");
        operation("GET /api/stats/today", "getTodayStats", "statistics", "Today's tasks per bot, by status",
                "The tasks created today (server time zone), counted by their status now; deleted ones left out.");
        operation("GET /api/stats/daily", "getDailyStats", "statistics", "Per day: what happened to tasks",
                "Per day (and bot) the tasks created, started, completed, failed, retried and expired, with "
                        + "queue and run times; at most 92 days per call, the last 14 by default.");
        operation("GET /api/admin/replay", "getReplayStatus", "admin", "The read models' replay: state, progress",
                null);
        operation("POST /api/admin/replay", "startReplay", "admin", "Rebuild read models from the event store",
                "Needs an operator's key. 202 with the replay's status; 409 while one runs.");
        operation("GET /health", "getHealth", "health", "Whether the service and its database answer",
                "No key needed. 503 `unhealthy` when the database does not answer.");
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
