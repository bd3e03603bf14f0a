package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document and Swagger UI, where Spring users look for them, without a key. */
class OpenApiTest extends ApiTest {

    @Test
    void the_openapi_document_describes_every_endpoint_of_the_contract() {
        ApiClient.Response docs = api.send(api.requestWithoutKey("/v3/api-docs").GET());
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.propertyNames()).contains("/api/tasks", "/api/tasks/pending", "/api/tasks/{id}",
                "/api/tasks/{id}/start", "/api/tasks/{id}/complete", "/api/tasks/{id}/fail", "/api/tasks/{id}/retry",
                "/api/tasks/{id}/cancel", "/api/stats/today", "/api/logs/{task_id}", "/health");
        assertThat(paths.get("/api/tasks").propertyNames()).contains("get", "post");
        assertThat(paths.get("/api/tasks/{id}").propertyNames()).contains("get", "put", "delete");
    }

    @Test
    void swagger_ui_is_served() {
        ApiClient.Response ui = api.send(api.requestWithoutKey("/swagger-ui/index.html").GET());
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).containsIgnoringCase("swagger");
        assertThat(api.send(api.requestWithoutKey("/swagger-ui.html").GET()).status()).isIn(200, 302);
    }
}
