package org.opentask.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running service as a bot sees it: the contract's calls, timed. Two HTTP/1.1 clients from the JDK, both with
 * kept-alive connections: {@code plain} (HttpURLConnection, the default) costs the shared cores about a third of
 * what {@code jdk} (java.net.http.HttpClient) costs per call, which leaves more of them to the service measured.
 */
final class Service {

    /** A call's outcome: the status (0 when no answer came) and the body. */
    record Answer(int status, String body, String failure) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String cause() {
            return failure != null ? failure : "HTTP " + status;
        }
    }

    private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http;
    private final String base;
    private final String key;
    private final Duration timeout;

    Service(String base, String key, Duration timeout, String client) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = key;
        this.timeout = timeout;
        switch (client) {
            case "jdk" -> this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            case "plain" -> {
                this.http = null;
                // HttpURLConnection keeps only 5 idle connections per host unless told otherwise
                System.setProperty("http.maxConnections", "1000");
            }
            default -> throw new IllegalArgumentException("--client must be plain or jdk, got " + client);
        }
    }

    static Service from(Options options) {
        return new Service(options.text("url", "http://127.0.0.1:8090"),
                options.text("key", "hope-bot-apikey-2026-0424"),
                Duration.ofSeconds(options.integer("timeout-seconds", 30)),
                options.text("client", "plain"));
    }

    Answer get(String path, Latencies timing) {
        return send("GET", path, null, timing);
    }

    Answer post(String path, String json, Latencies timing) {
        return send("POST", path, json, timing);
    }

    Answer put(String path, String json, Latencies timing) {
        return send("PUT", path, json, timing);
    }

    /** The id of the first task in an answer, or -1 when it holds none. */
    static long firstId(String body) {
        Matcher matcher = FIRST_ID.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private Answer send(String method, String path, String json, Latencies timing) {
        long start = System.nanoTime();
        Answer answer;
        try {
            answer = http == null ? sendPlain(method, path, json) : sendJdk(method, path, json);
        } catch (IOException e) {
            answer = new Answer(0, "", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(0, "", "interrupted");
        }
        timing.record(System.nanoTime() - start);
        if (!answer.ok()) {
            timing.error(answer.cause());
        }
        return answer;
    }

    private Answer sendJdk(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("X-Bot-Key", key);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), null);
    }

    private Answer sendPlain(String method, String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("X-Bot-Key", key);
        if (json != null) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        // reading the body to its end hands the connection back to the keep-alive cache
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, body, null);
        }
    }
}
