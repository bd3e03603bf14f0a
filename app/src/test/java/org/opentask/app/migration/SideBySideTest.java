package org.opentask.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;

/**
 * The engine started on the original's own database: it starts, leaves the original's tables (rows, schema,
 * triggers) as they were, keeps its own in {@code <database>_opentask}, imports in place, and serves the imported
 * tasks; started again, it finds its tables where it left them. MariaDB suite only, like the original's database.
 */
class SideBySideTest {

    @Test
    void the_engine_starts_on_the_original_database_imports_in_place_and_leaves_its_tables_unchanged()
            throws Exception {
        assumeTrue(TestDatabase.isMariaDb(), "the original service's database is MySQL or MariaDB");
        OriginalFixture original = OriginalFixture.create();
        Map<String, String> before = original.checksums();
        String[] settings = {"spring.datasource.url=" + original.url,
                "spring.datasource.username=" + OriginalFixture.USER,
                "spring.datasource.password=" + OriginalFixture.PASSWORD};

        try (AppInstance engine = AppInstance.start(settings)) {
            ApiClient api = engine.api;
            assertThat(api.get("/health").status()).isEqualTo(200);
            assertThat(original.checksums()).isEqualTo(before);

            ApiClient.Response report = api.post("/api/admin/import", "{\"url\":\"" + original.url
                    + "\",\"username\":\"" + OriginalFixture.USER + "\"}");
            assertThat(report.status()).as(report.text()).isEqualTo(200);
            assertThat(report.json().get("complete").asBoolean()).isTrue();
            assertThat(api.get("/api/tasks/7").json().get("result").asText()).isEqualTo("done: 3 files, 中文 result");
            assertThat(api.put("/api/tasks/6/complete", "{\"result\":\"moved\"}").status()).isEqualTo(200);
            assertThat(api.createTask("anna", "new in the engine", "P2")).isGreaterThan(OriginalFixture.MAX_ID);
        }
        assertThat(original.checksums()).isEqualTo(before);
        String engineDatabase = original.url.substring(original.url.lastIndexOf('/') + 1) + "_opentask";
        try (var connection = original.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT status FROM `" + engineDatabase + "`.bot_task WHERE id = 6")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("completed");
        }

        try (AppInstance again = AppInstance.start(settings)) {
            assertThat(again.api.get("/api/tasks/6").json().get("status").asText()).isEqualTo("completed");
            assertThat(again.api.get("/api/tasks/1").json().get("status").asText()).isEqualTo("pending");
        }
        assertThat(original.checksums()).isEqualTo(before);
    }
}
