package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;

/** The bare address leads to the console and {@code /docs} to the API's documentation, as in the original. */
class LandingRedirectTest extends ApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_root_redirects_to_the_console() throws Exception {
        HttpResponse<String> root = get("/");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(URI.create(ApiClient.baseUrl(port) + "/").resolve(root.headers().firstValue("Location").orElseThrow())
                .getPath()).isEqualTo("/web/");
    }

    @Test
    void docs_redirect_to_swagger_ui_which_a_browser_then_shows() throws Exception {
        HttpResponse<String> docs = get("/docs");
        HttpResponse<String> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + "/docs")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(docs.statusCode()).isEqualTo(302);
        assertThat(docs.headers().firstValue("Location").orElseThrow()).endsWith("/swagger-ui.html");
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(followed.body()).containsIgnoringCase("swagger-ui");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
