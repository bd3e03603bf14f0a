package org.opentask.app.system;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.opentask.api.TaskLimits;

/**
 * What the schemas of the API's bodies say beyond their Java types: which fields are always there or must be sent,
 * which may be null, their limits and an example each. The types live in {@code api} (which knows no OpenAPI) and
 * in the features; their documentation lives here, by schema name.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ApiSchemas {

    private static final String TIME_EXAMPLE = "2026-11-25T11:29:03";
    private static final List<String> TASK_FIELDS = List.of("id", "task_name", "task_description", "task_params",
            "assigned_to", "priority", "status", "progress", "created_time", "started_time", "completed_time",
            "result", "error_message", "retry_count", "max_retry", "created_by", "timeout_seconds", "auto_retry",
            "not_before", "lease_expires_time", "next_retry_time");
    private static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

    private ApiSchemas() {
    }

    static void describe(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        schemas.remove("JsonNode");
        task(schemas.get("TaskView"));
        create(schemas.get("CreateTask"));
        update(schemas.get("UpdateTask"));
        text(schemas.get("CompleteTask"), "result", "What the bot did: text, or any JSON kept as its text",
                "report written to reports/week47.md", null);
        text(schemas.get("FailTask"), "error_message", "Why it failed: text, or any JSON kept as its text",
                "the sales export was empty", null);
        text(schemas.get("CancelTask"), "reason", "Why it is cancelled, for the audit trail", "no longer needed",
                TaskLimits.REASON_LENGTH);
        heartbeat(schemas.get("Heartbeat"));
        log(schemas.get("TaskLogEntry"));
        event(schemas.get("TaskEvent"));
        replay(schemas.get("ReplayStatus"));
        daily(schemas.get("DailyStats"), schemas.get("BotDayAnalytics"));
    }

    private static void task(Schema task) {
        if (task == null) {
            return;
        }
        task.description("A task, with the original service's fields first");
        task.setRequired(new ArrayList<>(TASK_FIELDS));
        Map<String, Schema> p = task.getProperties();
        get(p, "id").minimum(BigDecimal.ONE);
        get(p, "task_name").minLength(1).maxLength(TaskLimits.NAME_LENGTH);
        get(p, "assigned_to").minLength(1).maxLength(TaskLimits.BOT_LENGTH).description("The bot it is for");
        get(p, "task_description").nullable(true);
        p.put("task_params", new StringSchema().nullable(true)
                .description("A JSON document kept as text, as created or edited"));
        get(p, "progress").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100));
        get(p, "result").nullable(true).description("Set by complete");
        get(p, "error_message").nullable(true).description("Set by fail, or by the engine when the lease ran out");
        get(p, "retry_count").minimum(BigDecimal.ZERO);
        get(p, "max_retry").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(TaskLimits.MAX_RETRY));
        get(p, "created_by").maxLength(TaskLimits.BOT_LENGTH);
        get(p, "timeout_seconds").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(MAX_TIMEOUT_SECONDS))
                .description("The lease: how long a running task may go without a heartbeat; 0: no lease");
        get(p, "auto_retry").description("The engine retries the task by itself when it fails or its lease ends");
        p.put("created_time", time(false, "When it was created"));
        p.put("started_time", time(true, "When it was last started"));
        p.put("completed_time", time(true, "When it was completed, failed or cancelled"));
        p.put("not_before", time(true, "Not handed out before this time"));
        p.put("lease_expires_time", time(true, "While running under a lease: when the lease ends unless renewed"));
        p.put("next_retry_time", time(true, "While a failed task waits for its automatic retry: when it comes"));
        task.setExample(example("id", 42, "task_name", "write the weekly report",
                "task_description", "sales of week 47, one page", "task_params", "{\"week\":47}", "assigned_to", "anna",
                "priority", "P1", "status", "running", "progress", 40, "created_time", "2026-11-25T11:29:03",
                "started_time", "2026-11-25T11:30:00", "completed_time", null, "result", null, "error_message", null,
                "retry_count", 0, "max_retry", 3, "created_by", "hope", "timeout_seconds", 1800, "auto_retry", false,
                "not_before", null, "lease_expires_time", "2026-11-25T12:00:00", "next_retry_time", null));
    }

    private static void create(Schema create) {
        if (create == null) {
            return;
        }
        create.description("A new task: only task_name and assigned_to are needed");
        create.setRequired(new ArrayList<>(List.of("task_name", "assigned_to")));
        Map<String, Schema> p = create.getProperties();
        get(p, "task_name").minLength(1).maxLength(TaskLimits.NAME_LENGTH).example("write the weekly report");
        get(p, "assigned_to").minLength(1).maxLength(TaskLimits.BOT_LENGTH).example("anna");
        p.put("priority", new StringSchema()._enum(List.of("P0", "P1", "P2"))._default("P2")
                .description("P0 urgent, P1 important, P2 normal"));
        p.put("task_params", freeJson("Parameters for the bot: a string is kept as it is, any other JSON value "
                + "as its JSON text"));
        get(p, "created_by").maxLength(TaskLimits.BOT_LENGTH)._default("hope");
        get(p, "max_retry").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(TaskLimits.MAX_RETRY))._default(3);
        get(p, "timeout_seconds").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(MAX_TIMEOUT_SECONDS))
                .description("The lease in seconds (default opentask.lease.default-timeout, 30 min); 0: none");
        get(p, "auto_retry").description("Retry by the engine when it fails or its lease ends (default: "
                + "opentask.retry.auto-retry-default)");
        p.put("not_before", new StringSchema().example("2026-11-25T18:00:00+08:00")
                .description("Not handed out before this time: ISO-8601 with an offset, or without one in the "
                        + "server's time zone"));
        create.setExample(example("task_name", "write the weekly report", "assigned_to", "anna", "priority", "P1",
                "task_description", "sales of week 47, one page", "task_params", Map.of("week", 47),
                "timeout_seconds", 1800));
    }

    private static void update(Schema update) {
        if (update == null) {
            return;
        }
        update.description("An edit: only the fields sent change");
        Map<String, Schema> p = update.getProperties();
        // sent, it is refused (400): the lifecycle calls change the status
        p.remove("status");
        get(p, "task_name").minLength(1).maxLength(TaskLimits.NAME_LENGTH);
        get(p, "assigned_to").minLength(1).maxLength(TaskLimits.BOT_LENGTH);
        p.put("priority", new StringSchema()._enum(List.of("P0", "P1", "P2")));
        p.put("task_params", freeJson("New parameters: a string is kept as it is, any other JSON value as its "
                + "JSON text"));
        get(p, "progress").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100))
                .description("Only while pending or running; renews a running task's lease");
        update.setExample(Map.of("progress", 60, "priority", "P0"));
    }

    private static void text(Schema body, String field, String description, String example, Integer maxLength) {
        if (body == null) {
            return;
        }
        Schema value = freeJson(description);
        if (maxLength != null) {
            value.description(description + " (as text at most " + maxLength + " characters)");
        }
        body.getProperties().put(field, value);
        body.setExample(Map.of(field, example));
    }

    private static void heartbeat(Schema heartbeat) {
        if (heartbeat == null) {
            return;
        }
        heartbeat.description("A lease's heartbeat, with the progress so far if the bot knows it");
        get(heartbeat.getProperties(), "progress").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100));
        heartbeat.setExample(Map.of("progress", 40));
    }

    private static void log(Schema log) {
        if (log == null) {
            return;
        }
        log.description("One row of the audit trail (bot_task_log)");
        log.setRequired(new ArrayList<>(List.of("id", "task_id", "action", "message", "old_status", "new_status",
                "operator", "created_time")));
        Map<String, Schema> p = log.getProperties();
        get(p, "action").description("create, start, complete, fail, retry, cancel, update, delete, expire, ...");
        get(p, "message").nullable(true);
        get(p, "old_status").nullable(true);
        get(p, "new_status").nullable(true);
        get(p, "operator").nullable(true).description("Who caused it; system for the engine's own actions");
        p.put("created_time", time(false, "When it happened"));
        log.setExample(example("id", 7, "task_id", 42, "action", "start", "message", "Task started",
                "old_status", "pending", "new_status", "running", "operator", "anna",
                "created_time", "2026-11-25T11:30:00"));
    }

    private static void event(Schema event) {
        if (event == null) {
            return;
        }
        event.description("One stored event of a task");
        event.setRequired(new ArrayList<>(List.of("type", "sequence_number", "time", "payload", "operator")));
        Map<String, Schema> p = event.getProperties();
        get(p, "type").example("TaskStartedEvent");
        p.put("time", time(false, "When it was stored"));
        Schema payload = new Schema<>().type("object").description("The event itself, in today's shape");
        payload.setAdditionalProperties(true);
        p.put("payload", payload);
        get(p, "operator").nullable(true);
        event.setExample(Map.of("type", "TaskStartedEvent", "sequence_number", 1, "time", "2026-11-25T11:30:00",
                "payload", Map.of("task_id", 42, "operator", "anna"), "operator", "anna"));
    }

    private static void replay(Schema replay) {
        if (replay == null) {
            return;
        }
        replay.description("The replay running now, on any instance, or else the last one");
        replay.setRequired(new ArrayList<>(List.of("state", "events_done", "events_total")));
        Map<String, Schema> p = replay.getProperties();
        for (String nullable : List.of("phase", "projection", "seconds_left", "error")) {
            get(p, nullable).nullable(true);
        }
        p.put("started_time", time(true, "When it started"));
        p.put("finished_time", time(true, "When it finished"));
        replay.setExample(Map.of("state", "running", "projection", "all", "events_done", 5000,
                "events_total", 90000, "rate_per_second", 2500.0, "seconds_left", 34,
                "started_time", "2026-11-25T11:30:00"));
    }

    private static void daily(Schema daily, Schema day) {
        if (daily != null) {
            daily.setRequired(new ArrayList<>(List.of("from", "to", "time_zone", "days")));
            daily.setExample(Map.of("from", "2026-11-12", "to", "2026-11-25", "time_zone", "Europe/Berlin",
                    "days", List.of(Map.of("day", "2026-11-25", "assigned_to", "anna", "created", 12,
                            "started", 11, "completed", 10, "failed", 1))));
        }
        if (day != null) {
            day.setRequired(new ArrayList<>(List.of("day")));
            get(day.getProperties(), "assigned_to").nullable(true).description("The bot; null with group_by=day");
        }
    }

    /** A property to describe; one this table names but the type no longer has is described in vain, not in error. */
    private static Schema get(Map<String, Schema> properties, String name) {
        Schema property = properties == null ? null : properties.get(name);
        return property == null ? new Schema<>() : property;
    }

    private static Schema time(boolean nullable, String description) {
        return new StringSchema().pattern(OpenApiConfiguration.LOCAL_TIME_PATTERN).example(TIME_EXAMPLE)
                .nullable(nullable ? true : null)
                .description(description + ", in the server's time zone (ISO-8601 without offset)");
    }

    private static Schema freeJson(String description) {
        return new Schema<>().description(description);
    }

    /** An example object: its fields in the order given as name, value, name, value; a value may be null. */
    private static Map<String, Object> example(Object... namesAndValues) {
        Map<String, Object> example = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            example.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return example;
    }
}
