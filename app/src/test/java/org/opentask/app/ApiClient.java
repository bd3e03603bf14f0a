package org.opentask.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the running service, as a bot would call it. */
public final class ApiClient {

    public static final String KEY = "hope-bot-apikey-2026-0424";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public ApiClient(int port) {
        this(port, KEY);
    }

    /** A client that sends {@code key} instead of the shared key. */
    public ApiClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    public record Response(int status, String text, String contentType) {

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String detail() {
            return json().path("detail").asString();
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(body(json)));
    }

    public Response put(String path, String json) {
        HttpRequest.Builder builder = request(path);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder.PUT(body(json)));
    }

    public Response put(String path) {
        return put(path, null);
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** A request with the right key, to adjust before sending. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("X-Bot-Key", key);
    }

    /** A request with no key at all. */
    public HttpRequest.Builder requestWithoutKey(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    /**
     * Any call, as curl would send it: {@code contentType} null sends none (curl {@code -d} sends
     * {@code application/x-www-form-urlencoded}), {@code body} null sends none, {@code headers} are name, value pairs.
     */
    public Response call(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder builder = request(path).method(method, body(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    /** A body sent as plain {@code curl -d '...'} sends it. */
    public Response curlD(String method, String path, String body, String... headers) {
        return call(method, path, "application/x-www-form-urlencoded", body, headers);
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for the answer: for long-polls and requests that race. */
    public CompletableFuture<Response> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response.body(),
                        response.headers().firstValue("Content-Type").orElse("")));
    }

    /** Creates a task for {@code bot} and answers its id. */
    public long createTask(String bot, String name, String priority) {
        Response response = post("/api/tasks", "{\"task_name\":\"" + name + "\",\"assigned_to\":\"" + bot
                + "\",\"priority\":\"" + priority + "\"}");
        if (response.status() != 200) {
            throw new IllegalStateException("create failed: " + response);
        }
        return response.json().get("id").asLong();
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
    }

    public static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }
}
