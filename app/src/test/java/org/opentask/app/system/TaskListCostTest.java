package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.TestDatabase;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * What the operators' task list ({@code GET /api/tasks}) asks of the database, for every combination of its filters:
 * each chunk of a page is one statement along the index whose order is the list's, so MariaDB creates no temporary
 * table and sorts nothing (its session status around each statement), and H2's plan names that index. The answer is
 * the one a plain statement without hints gives, across the chunks of a page.
 */
@Import(TaskListCostTest.Counting.class)
class TaskListCostTest extends ApiTest {

    static final JdbcCounter COUNTER = new JdbcCounter(TestDatabase.isMariaDb());

    /** More than a chunk (8 rows) for every filter, so that a page takes several statements. */
    private static final int LIMIT = 10;
    private static final int OFFSET = 1;
    /** The rows a page reads per statement. */
    private static final int CHUNK = 8;

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static BeanPostProcessor countingUnderThePools() {
            return COUNTER.underEveryPool();
        }
    }

    /** One combination of the list's filters; null: not filtered. */
    private record Filters(String bot, String status, String priority, Boolean exhausted) {

        String query() {
            List<String> parameters = new ArrayList<>();
            if (bot != null) {
                parameters.add("assigned_to=" + bot);
            }
            if (status != null) {
                parameters.add("status=" + status);
            }
            if (priority != null) {
                parameters.add("priority=" + priority);
            }
            if (exhausted != null) {
                parameters.add("exhausted=" + exhausted);
            }
            parameters.add("limit=" + LIMIT);
            parameters.add("offset=" + OFFSET);
            return "/api/tasks?" + String.join("&", parameters);
        }

        /** The index the list is meant to walk: the filters' equalities, then the time. */
        String index() {
            if (bot != null) {
                return status != null && priority != null ? "idx_bot_task_pending" : "idx_bot_task_assigned_created";
            }
            if (status != null) {
                return "idx_bot_task_status_created";
            }
            return priority != null ? "idx_bot_task_priority_created" : "idx_bot_task_created";
        }

        /** The filters' conditions and their values, in the order the service binds them. */
        Map.Entry<String, List<Object>> where() {
            StringBuilder where = new StringBuilder(" WHERE deleted = 0");
            List<Object> values = new ArrayList<>();
            if (bot != null) {
                where.append(" AND assigned_to = ?");
                values.add(bot);
            }
            if (status != null) {
                where.append(" AND status = ?");
                values.add(status);
            }
            if (priority != null) {
                where.append(" AND priority = ?");
                values.add(priority);
            }
            if (exhausted != null) {
                where.append(exhausted ? " AND retry_count >= max_retry" : " AND retry_count < max_retry");
            }
            return Map.entry(where.toString(), values);
        }
    }

    /**
     * 108 tasks of one bot: pending, completed and failed in turn, each priority in turn across those, every fourth
     * with no retry left, and a few deleted; a full page (11 tasks from the offset on) for every combination of the
     * filters but those on the retries left.
     */
    private String seed() {
        String bot = bot("list");
        String[] priorities = {"P0", "P1", "P2"};
        for (int i = 0; i < 108; i++) {
            ApiClient.Response created = api.post("/api/tasks", "{\"task_name\":\"list " + i + "\",\"assigned_to\":\""
                    + bot + "\",\"priority\":\"" + priorities[i / 3 % 3] + "\",\"max_retry\":" + (i % 4 == 0 ? 0 : 3)
                    + "}");
            assertThat(created.status()).as(created.text()).isEqualTo(200);
            long id = created.json().get("id").asLong();
            if (i % 3 != 0) {
                assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
                assertThat(i % 3 == 1 ? api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}").status()
                        : api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"no\"}").status()).isEqualTo(200);
            }
            if (i % 17 == 5) {
                assertThat(api.delete("/api/tasks/" + id).status()).isEqualTo(200);
            }
        }
        return bot;
    }

    private static List<Filters> everyCombination(String bot) {
        List<Filters> combinations = new ArrayList<>();
        for (int set = 0; set < 16; set++) {
            combinations.add(new Filters((set & 1) != 0 ? bot : null, (set & 2) != 0 ? "failed" : null,
                    (set & 4) != 0 ? "P1" : null, (set & 8) != 0 ? Boolean.TRUE : null));
        }
        return combinations;
    }

    @Test
    void every_filter_walks_its_index_without_temporary_tables_or_sorts() {
        String bot = seed();
        api.get("/api/tasks?limit=10"); // the statements get prepared
        for (Filters filters : everyCombination(bot)) {
            COUNTER.reset();
            ApiClient.Response page = api.get(filters.query());
            assertThat(page.status()).as(filters + ": " + page.text()).isEqualTo(200);

            Map.Entry<String, List<Object>> where = filters.where();
            List<Object> values = new ArrayList<>(where.getValue());
            values.add(LIMIT);
            values.add(OFFSET);
            List<Long> expected = jdbc.sql("SELECT id FROM bot_task" + where.getKey()
                            + " ORDER BY created_time DESC, id DESC LIMIT ? OFFSET ?")
                    .params(values).query(Long.class).list();
            assertThat(ids(page.json())).as("the page for %s", filters).isEqualTo(expected);
            if (filters.exhausted() == null) {
                assertThat(expected).as("a full page for %s", filters).hasSize(LIMIT);
            }

            List<String> reads = COUNTER.texts.stream().filter(text -> text.contains(" FROM bot_task ")).toList();
            assertThat(reads).as("the statements of %s", filters)
                    // the task before the page (the offset), then one or two chunks
                    .hasSize(expected.size() < CHUNK ? 2 : 3)
                    .allSatisfy(text -> assertThat(text).contains("INDEX (" + filters.index() + ")"));
            assertThat(COUNTER.temporaryTables.get()).as("temporary tables for %s", filters).isZero();
            assertThat(COUNTER.diskTemporaryTables.get()).as("temporary tables on disk for %s", filters).isZero();
            assertThat(COUNTER.sorts.get()).as("sorts for %s", filters).isZero();
            assertPlanWalks(filters, reads.get(0), where.getValue());
        }
    }

    /**
     * The database's own plan for the page's first statement, which finds the task before the page: along the
     * intended index, and (MariaDB) no sort.
     */
    private void assertPlanWalks(Filters filters, String statement, List<Object> filterValues) {
        List<Object> values = new ArrayList<>(filterValues);
        values.add(LIMIT);
        values.add(OFFSET);
        if (TestDatabase.isMariaDb()) {
            List<Map<String, Object>> plan = jdbc.sql("EXPLAIN " + statement).params(values).query().listOfRows();
            assertThat(plan).as("the plan of %s", filters).hasSize(1);
            assertThat(plan.get(0).get("key")).as("the index of %s", filters).isEqualTo(filters.index());
            assertThat(String.valueOf(plan.get(0).get("Extra"))).as("the plan of %s", filters)
                    .doesNotContain("filesort").doesNotContain("temporary");
        } else {
            String plan = jdbc.sql("EXPLAIN " + statement).params(values).query(String.class).single();
            assertThat(plan).as("the plan of %s", filters)
                    .contains("/* PUBLIC." + filters.index().toUpperCase(Locale.ROOT));
        }
    }

    private static List<Long> ids(JsonNode tasks) {
        List<Long> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.get("id").asLong()));
        return ids;
    }
}
