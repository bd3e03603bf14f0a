package org.opentask.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.RawHttp;

/**
 * The Bots page manages the registry: an operator signed in to the console registers a bot, issues it a key
 * (shown once), disables and enables it, rotates and revokes its keys; each change counts on the API at once.
 */
class ConsoleBotRegistryTest extends ApiTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern ISSUED = Pattern.compile("id=\"issued-key-text\">(otk_[^<]+)<");

    private HttpClient browser;

    @BeforeEach
    void signIn() throws Exception {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String token = csrf(page("/web/login"));
        HttpResponse<String> login = post("/web/login", "name=hope&key=" + ApiClient.KEY + "&_csrf=" + token);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    @Test
    void an_operator_registers_a_bot_issues_disables_rotates_and_revokes_its_keys_from_the_bots_page()
            throws Exception {
        String name = bot("Console-Bot");
        post("/web/bots/register", "name=" + enc(name) + "&display_name=Console+bot&_csrf=" + csrf(page("/web/bots")));
        String bots = page("/web/bots");
        assertThat(bots).contains("data-registered=\"" + name + "\"").contains("Console bot");

        post("/web/bots/" + name + "/keys", "_csrf=" + csrf(bots));
        String shown = page("/web/bots");
        Matcher issued = ISSUED.matcher(shown);
        assertThat(issued.find()).as("the new key is shown").isTrue();
        String key = issued.group(1);
        assertThat(page("/web/bots")).as("shown once").doesNotContain(key);
        long id = api.createTask(name, "for the console's bot", "P2");
        assertThat(statusWith(key, "/api/tasks/" + id)).isEqualTo(200);

        post("/web/bots/" + name + "/enabled", "enabled=false&_csrf=" + csrf(page("/web/bots")));
        assertThat(statusWith(key, "/api/tasks/" + id)).isEqualTo(403);
        post("/web/bots/" + name + "/enabled", "enabled=true&_csrf=" + csrf(page("/web/bots")));
        assertThat(statusWith(key, "/api/tasks/" + id)).isEqualTo(200);

        post("/web/bots/" + name + "/keys/rotate", "grace_minutes=0&_csrf=" + csrf(page("/web/bots")));
        Matcher rotated = ISSUED.matcher(page("/web/bots"));
        assertThat(rotated.find()).isTrue();
        String fresh = rotated.group(1);
        assertThat(statusWith(key, "/api/tasks/" + id)).isEqualTo(401);
        assertThat(statusWith(fresh, "/api/tasks/" + id)).isEqualTo(200);

        long keyId = api.get("/api/admin/bots/" + name).json().get("keys").get(1).get("id").asLong();
        post("/web/bots/" + name + "/keys/" + keyId + "/revoke", "_csrf=" + csrf(page("/web/bots")));
        assertThat(statusWith(fresh, "/api/tasks/" + id)).isEqualTo(401);
        assertThat(page("/web/bots")).contains("revoked");
    }

    @Test
    void the_bots_page_and_its_refresh_show_the_same_rows_the_refresh_nothing_else() throws Exception {
        String name = bot("rows");
        api.createTask(name, "puts the bot on the page", "P2");

        String page = page("/web/bots");
        String rows = page("/web/bots/rows");

        assertThat(page).contains("<html").contains("data-bot=\"" + name + "\"").contains("id=\"bot-rows\"");
        assertThat(rows).contains("data-bot=\"" + name + "\"").contains("id=\"bot-rows\"")
                .doesNotContain("<html").doesNotContain("data-registered");
    }

    @Test
    void a_bad_name_is_refused_with_a_message_and_registers_nothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM bot");
        post("/web/bots/register", "name=a%2Fb&_csrf=" + csrf(page("/web/bots")));
        assertThat(page("/web/bots")).contains("id=\"error\"").contains("name must be");
        assertThat(count("SELECT COUNT(*) FROM bot")).isEqualTo(before);
    }

    private int statusWith(String key, String path) {
        return RawHttp.send(port, "GET", path, null, "X-Bot-Key", key).status();
    }

    private String page(String path) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        return page.body();
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl(port) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(302);
        return answer;
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return enc(matcher.group(1));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
