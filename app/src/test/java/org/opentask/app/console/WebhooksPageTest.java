package org.opentask.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;

/**
 * The console's webhooks page, signed in as an operator through the real login: it lists subscriptions and
 * deliveries with their attempts, and its redeliver button sends a delivery again.
 */
class WebhooksPageTest {

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void an_operator_sees_subscriptions_deliveries_and_attempts_and_redelivers() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = received.incrementAndGet();
            byte[] answer = ("answer " + n).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n == 1 ? 500 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        receiver.start();
        Map<String, String> database = new LinkedHashMap<>();
        TestDatabase.register((name, value) -> database.put(name, String.valueOf(value.get())));
        List<String> settings = new ArrayList<>();
        database.forEach((name, value) -> settings.add(name + "=" + value));
        settings.add("opentask.webhooks.allow-private-targets=true");
        settings.add("opentask.webhooks.first-retry-delay=100ms");
        settings.add("opentask.webhooks.max-retry-delay=200ms");
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/console-hook";
        try (AppInstance service = AppInstance.start(settings.toArray(String[]::new))) {
            ApiClient api = service.api;
            assertThat(api.post("/api/admin/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"created\"]}")
                    .status()).isEqualTo(201);
            long task = api.createTask("console-hooked", "shown", "P2");
            long end = System.currentTimeMillis() + 10_000;
            while (received.get() < 2 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertThat(received.get()).isEqualTo(2);
            Thread.sleep(300);

            String base = ApiClient.baseUrl(service.port);
            signIn(base);
            String page = get(base + "/web/webhooks");
            assertThat(page).contains(url).contains("task.created").contains("/web/tasks/" + task)
                    .contains("delivered").contains("2 attempt(s)").contains("answer 1").contains("answer 2")
                    .contains(">500<").contains(">200<");

            Matcher redeliver = Pattern.compile("action=\"(/web/webhooks/deliveries/(\\d+)/redeliver)\"")
                    .matcher(page);
            assertThat(redeliver.find()).isTrue();
            HttpResponse<String> posted = post(base + redeliver.group(1), csrf(page));
            assertThat(posted.statusCode()).isEqualTo(302);
            end = System.currentTimeMillis() + 10_000;
            while (received.get() < 3 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertThat(received.get()).isEqualTo(3);
            Thread.sleep(300);
            assertThat(get(base + "/web/webhooks")).contains("3 attempt(s)").contains("answer 3");

            Matcher toggle = Pattern.compile("action=\"(/web/webhooks/(\\d+)/enabled)\"").matcher(page);
            assertThat(toggle.find()).isTrue();
            post(base + toggle.group(1), csrf(page) + "&enabled=false");
            assertThat(api.get("/api/admin/webhooks").json().get(0).get("enabled").asBoolean()).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    private void signIn(String base) throws Exception {
        String login = get(base + "/web/login");
        HttpResponse<String> signedIn = post(base + "/web/login",
                csrf(login) + "&name=olga&key=" + URLEncoder.encode(ApiClient.KEY, StandardCharsets.UTF_8));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    private static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        return "_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(String url, String form) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
