package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiDocumentTest extends ApiTest {

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
