package org.opentask.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The running service as a bot sees it: the contract's calls, timed, over one shared HTTP/1.1 client. */
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

    Service(String base, String key, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = key;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static Service from(Options options) {
        return new Service(options.text("url", "http://127.0.0.1:8090"),
                options.text("key", "hope-bot-apikey-2026-0424"),
                Duration.ofSeconds(options.integer("timeout-seconds", 30)));
    }

    Answer get(String path, Latencies timing) {
        return send(request(path).GET().build(), timing);
    }

    Answer post(String path, String json, Latencies timing) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), timing);
    }

    Answer put(String path, String json, Latencies timing) {
        HttpRequest.Builder builder = request(path);
        if (json == null) {
            builder.PUT(HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(builder.build(), timing);
    }

    /** The id of the first task in an answer, or -1 when it holds none. */
    static long firstId(String body) {
        Matcher matcher = FIRST_ID.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("X-Bot-Key", key);
    }

    private Answer send(HttpRequest request, Latencies timing) {
        long start = System.nanoTime();
        Answer answer;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            answer = new Answer(response.statusCode(), response.body(), null);
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
}
