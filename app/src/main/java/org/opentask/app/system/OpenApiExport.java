package org.opentask.app.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --opentask.openapi.export=FILE}: the service starts, writes its OpenAPI document to FILE exactly as
 * {@code /v3/api-docs} serves it, and stops. The build exports the document this way to generate a client from it.
 */
@Component
@ConditionalOnProperty("opentask.openapi.export")
class OpenApiExport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiExport.class);

    private final Path file;

    OpenApiExport(@Value("${opentask.openapi.export}") String file) {
        this.file = Path.of(file);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        String port = context.getEnvironment().getProperty("local.server.port");
        int code = 0;
        try {
            HttpResponse<String> document = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new IOException("/v3/api-docs answered " + document.statusCode() + ": " + document.body());
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, document.body());
            LOG.info("OpenAPI document written to {}", file.toAbsolutePath());
        } catch (IOException e) {
            LOG.error("OpenAPI document not written to {}", file.toAbsolutePath(), e);
            code = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        int exit = code;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
