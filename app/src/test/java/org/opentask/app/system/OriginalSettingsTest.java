package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;

/**
 * The original service's setting names, given beside the engine's own: {@code API_KEY} is the key when
 * {@code OPENTASK_API_KEY} is not set, and loses to it when it is; {@code DB_URL} wins over {@code DB_HOST} and
 * {@code DB_NAME} (which alone make the URL: ImportRunModeTest runs the engine from them, in its environment and
 * from a {@code .env} file).
 */
class OriginalSettingsTest {

    @Test
    void api_key_is_the_key_when_the_engines_own_name_is_not_set() {
        try (AppInstance engine = AppInstance.start(database("API_KEY=original-key"))) {
            assertThat(status(engine, "original-key")).isEqualTo(200);
            assertThat(status(engine, ApiClient.KEY)).isEqualTo(401);
        }
    }

    @Test
    void the_engines_own_names_win_when_both_are_set() {
        String url = TestDatabase.newDatabaseUrl();
        try (AppInstance engine = AppInstance.start("DB_URL=" + url, "DB_USER=" + user(),
                "DB_PASSWORD=" + password(), "DB_HOST=no-such-host.invalid", "DB_NAME=hope_engine",
                "API_KEY=original-key", "OPENTASK_API_KEY=own-key")) {
            assertThat(engine.context.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(url);
            assertThat(status(engine, "own-key")).isEqualTo(200);
            assertThat(status(engine, "original-key")).isEqualTo(401);
        }
    }

    private static int status(AppInstance engine, String key) {
        return engine.api.send(HttpRequest.newBuilder(java.net.URI.create(ApiClient.baseUrl(engine.port)
                + "/api/tasks")).header("X-Bot-Key", key).GET()).status();
    }

    private static String[] database(String... more) {
        String[] settings = new String[3 + more.length];
        settings[0] = "spring.datasource.url=" + TestDatabase.newDatabaseUrl();
        settings[1] = "spring.datasource.username=" + user();
        settings[2] = "spring.datasource.password=" + password();
        System.arraycopy(more, 0, settings, 3, more.length);
        return settings;
    }

    private static String user() {
        return TestDatabase.isMariaDb() ? System.getProperty("opentask.test.mariadb.user", "root") : "sa";
    }

    private static String password() {
        return TestDatabase.isMariaDb() ? System.getProperty("opentask.test.mariadb.password", "") : "";
    }
}
