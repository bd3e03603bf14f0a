package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as a product: valid for a well-kept parser (swagger-parser, which the OpenAPI Generator
 * reads documents with too), and saying what clients need: ids, summaries, real answers, problems, limits.
 */
class OpenApiDocumentTest extends ApiTest {

    private String document() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private OpenAPI parsed() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        return result.getOpenAPI();
    }

    /** Every operation with its method and path. */
    private static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> operations = new java.util.LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    /** The table of descriptions is data: each of its rows must still describe an operation the API has. */
    @Test
    void every_row_of_the_operations_table_describes_an_operation_of_the_document() throws Exception {
        Map<String, Operation> operations = operations(parsed());
        JsonNode table;
        try (var in = ApiOperations.class.getResourceAsStream(ApiOperations.TABLE)) {
            table = JsonMapper.shared().readTree(in);
        }
        assertThat(table.size()).isEqualTo(20);
        for (JsonNode row : table) {
            String key = row.get("method").asString() + " " + row.get("path").asString();
            assertThat(operations).as(key).containsKey(key);
            Operation operation = operations.get(key);
            assertThat(operation.getOperationId()).as(key).isEqualTo(row.get("id").asString());
            assertThat(operation.getSummary()).as(key).isEqualTo(row.get("summary").asString());
            assertThat(operation.getTags()).as(key).containsExactly(row.get("tag").asString());
            JsonNode description = row.get("description");
            assertThat(operation.getDescription()).as(key)
                    .isEqualTo(description.isNull() ? null : description.asString());
        }
    }

    @Test
    void the_document_passes_the_parsers_validation_with_no_message() throws Exception {
        OpenAPI api = parsed();

        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(operations(api)).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void every_operation_has_a_unique_readable_id_a_summary_a_tag_and_no_parameter_twice() throws Exception {
        Set<String> ids = new HashSet<>();
        operations(parsed()).forEach((key, operation) -> {
            assertThat(operation.getOperationId()).as(key).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(operation.getOperationId())).as("unique id " + operation.getOperationId()).isTrue();
            assertThat(operation.getSummary()).as(key).isNotBlank();
            assertThat(operation.getTags()).as(key).hasSize(1);
            List<String> parameters = new ArrayList<>();
            for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of()
                    : operation.getParameters()) {
                parameters.add(parameter.getIn() + ":" + parameter.getName());
            }
            assertThat(parameters).as(key).doesNotHaveDuplicates();
        });
    }

    @Test
    void operations_give_their_real_answers_and_every_api_error_is_a_problem() throws Exception {
        OpenAPI api = parsed();
        Map<String, Operation> operations = operations(api);

        assertThat(operations.get("POST /api/tasks/claim").getResponses()).containsKeys("200", "204", "503");
        assertThat(operations.get("POST /api/admin/replay").getResponses()).containsKeys("202", "403", "409")
                .doesNotContainKey("200");
        assertThat(operations.get("POST /api/tasks").getResponses()).containsKeys("200", "400", "409", "413", "422");
        assertThat(operations.get("PUT /api/tasks/{id}/start").getResponses()).containsKeys("404", "409");
        for (String inline : List.of("GET /api/stats/today", "DELETE /api/tasks/{id}", "GET /health")) {
            assertThat(operations.get(inline).getResponses().get("200").getContent().get("application/json")
                    .getExample()).as(inline + "'s example").isNotNull();
        }
        operations.forEach((key, operation) -> {
            if (!key.contains(" /api/")) {
                assertThat(operation.getSecurity()).as(key + " needs no key").isEmpty();
                return;
            }
            assertThat(operation.getResponses()).as(key).containsKeys("401", "429", "503");
            operation.getResponses().forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(response.getContent()).as(key + " " + code).containsKey("application/problem+json");
                    assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
                            .endsWith("/Problem");
                }
            });
            ApiResponse ok = operation.getResponses().get("200");
            if (ok != null && ok.getContent() != null) {
                assertThat(ok.getContent()).as(key).containsOnlyKeys("application/json");
            }
        });
        assertThat(api.getComponents().getSchemas().get("Problem").getRequired()).contains("status", "detail");
    }

    @Test
    void schemas_say_what_is_required_their_limits_enums_and_examples() throws Exception {
        Map<String, Schema> schemas = parsed().getComponents().getSchemas();

        Schema create = schemas.get("CreateTask");
        assertThat(create.getRequired()).containsExactlyInAnyOrder("task_name", "assigned_to");
        assertThat(property(create, "task_name").getMaxLength()).isEqualTo(100);
        assertThat(property(create, "assigned_to").getMaxLength()).isEqualTo(50);
        assertThat(property(create, "priority").getEnum()).containsExactly("P0", "P1", "P2");
        assertThat(property(create, "max_retry").getMaximum()).isEqualByComparingTo("100");
        Schema task = schemas.get("TaskView");
        assertThat(task.getRequired()).contains("id", "task_name", "assigned_to", "priority", "status", "progress",
                "created_time", "retry_count", "max_retry", "created_by");
        assertThat(property(task, "status").getEnum()).contains("pending", "running", "completed", "failed",
                "cancelled");
        assertThat(property(task, "progress").getMaximum()).isEqualByComparingTo("100");
        for (String name : List.of("CreateTask", "UpdateTask", "CompleteTask", "FailTask", "CancelTask", "Heartbeat",
                "TaskView", "TaskLogEntry", "TaskEvent", "ReplayStatus", "DailyStats", "Problem")) {
            assertThat(schemas.get(name).getExample()).as(name + "'s example").isNotNull();
        }
    }

    @Test
    void free_json_is_free_json_and_times_without_offset_are_not_date_times() throws Exception {
        String text = document();
        Map<String, Schema> schemas = parsed().getComponents().getSchemas();

        assertThat(schemas).doesNotContainKey("JsonNode");
        assertThat(text).doesNotContain("node_type").doesNotContain("integral_number");
        for (String[] free : new String[][] {{"CreateTask", "task_params"}, {"UpdateTask", "task_params"},
                {"CompleteTask", "result"}, {"FailTask", "error_message"}, {"CancelTask", "reason"}}) {
            Schema schema = property(schemas.get(free[0]), free[1]);
            assertThat(schema.getType()).as(free[0] + "." + free[1]).isNull();
            assertThat(schema.get$ref()).isNull();
            assertThat(schema.getProperties()).isNull();
        }
        assertThat(text).doesNotContain("\"date-time\"");
        assertThat(property(schemas.get("TaskView"), "created_time").getPattern()).isNotNull();
    }

    @Test
    void optional_inputs_are_optional_and_the_bot_of_a_claim_is_required() throws Exception {
        Map<String, Operation> operations = operations(parsed());

        Parameter at = parameter(operations.get("GET /api/tasks/{id}"), "at");
        Parameter bot = parameter(operations.get("POST /api/tasks/claim"), "assigned_to");
        Parameter wait = parameter(operations.get("POST /api/tasks/claim"), "wait");

        assertThat(at.getRequired()).isFalse();
        assertThat(bot.getRequired()).isTrue();
        assertThat(wait.getSchema().getMaximum()).isEqualByComparingTo("60");
    }

    private static Schema property(Schema schema, String name) {
        Schema property = (Schema) schema.getProperties().get(name);
        assertThat(property).as(name).isNotNull();
        return property;
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void the_openapi_document_describes_the_api_in_its_wire_names_without_a_key() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JsonMapper.builder().build().readTree(response.body());
        assertThat(document.path("paths").has("/api/tasks/pending")).isTrue();
        assertThat(document.path("paths").has("/api/tasks/{id}/complete")).isTrue();
        assertThat(document.at("/components/schemas/TaskView/properties").has("assigned_to")).isTrue();
        assertThat(document.at("/components/securitySchemes/bot-key/name").asString()).isEqualTo("X-Bot-Key");
    }

    @Test
    void swagger_ui_is_served() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + "/swagger-ui.html")).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsIgnoringCase("swagger");
    }
}
