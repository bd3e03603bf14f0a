package org.opentask.app.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.opentask.api.TaskStatus;
import org.opentask.app.ApiTest;
import org.opentask.app.StoredTaskEvents;
import org.opentask.app.task.TaskIdAllocator;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The daily numbers against a hand computation: events with chosen timestamps go into the real event store, the
 * analytics projection follows it, and {@code /api/stats/daily} must answer exactly what is worked out below.
 */
class DailyAnalyticsApiTest extends ApiTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    TaskIdAllocator ids;

    StoredTaskEvents history;

    @Autowired
    ZoneId zone;

    @org.junit.jupiter.api.BeforeEach
    void storeHistory() {
        history = new StoredTaskEvents(eventStore, ids);
    }

    @Test
    void the_daily_numbers_match_a_hand_computation_from_events_with_known_timestamps() throws Exception {
        String bot = bot("stats");
        String other = bot("stats-other");

        // Day 1, 2026-03-02
        history.task(bot).created(t(2, 9, 0, 0)).started(t(2, 9, 0, 10)).completed(t(2, 9, 1, 10)); // wait 10 s, run 60 s
        history.task(bot).created(t(2, 10, 0, 0))
                .started(t(2, 10, 0, 30)).failed(t(2, 10, 2, 30))          // wait 30 s, run 120 s
                .retried(t(2, 10, 5, 0))
                .started(t(2, 10, 5, 5)).completed(t(2, 10, 6, 5));        // wait 5 s (since the retry), run 60 s
        history.task(bot).created(t(2, 11, 0, 0)).cancelled(t(2, 11, 30, 0), TaskStatus.PENDING); // no run
        history.task(other).created(t(2, 12, 0, 0))                           // created for the other bot,
                .reassigned(t(2, 12, 30, 0), bot)                          // handed over: counts for bot from now
                .started(t(2, 12, 40, 0)).completed(t(2, 13, 0, 0));       // wait 40 min, run 20 min
        // created late on day 1, started and cancelled while running on day 2
        history.task(bot).created(t(2, 23, 50, 0)).started(t(3, 0, 10, 0))   // wait 20 min, counted on day 2
                .cancelled(t(3, 0, 10, 20), TaskStatus.RUNNING);           // run 20 s, day 2

        // Day 2, 2026-03-03: one task left pending, and twenty with waits of k s and runs of 3k s, k = 1..20
        history.task(bot).created(t(3, 8, 0, 0));
        for (int k = 1; k <= 20; k++) {
            Instant created = t(3, 12, k, 0);
            history.task(bot).created(created).started(created.plusSeconds(k)).completed(created.plusSeconds(4L * k));
        }

        // Day 1 for bot: waits 10, 30, 5, 2400 s; runs 60, 120, 60, 1200 s.
        //   avg wait 2445 / 4 = 611.25 s; p95 = rank ceil(0.95 * 4) = 4 of the sorted waits = 2400 s
        //   avg run 1440 / 4 = 360 s; p95 = rank 4 = 1200 s
        // Day 2 for bot: waits 1200 s and 1..20 s; runs 20 s and 3, 6, .., 60 s (21 each)
        //   avg wait (1200 + 210) / 21 s; p95 = rank ceil(19.95) = 20 of 1, 2, .., 20, 1200 = 20 s
        //   avg run (20 + 630) / 21 s; p95 = rank 20 of 3, 6, .., 18, 20, 21, .., 57, 60 = 57 s
        JsonNode day1 = awaitRow("2026-03-02", bot, 4);
        assertRow(day1, 4, 4, 3, 1, 1, 1, 0);
        assertDurations(day1, "queue_wait", 4, 611_250.0, 2_400_000);
        assertDurations(day1, "run_time", 4, 360_000.0, 1_200_000);

        JsonNode day2 = awaitRow("2026-03-03", bot, 21);
        assertRow(day2, 21, 21, 20, 0, 1, 0, 0);
        assertDurations(day2, "queue_wait", 21, 1_410_000.0 / 21, 20_000);
        assertDurations(day2, "run_time", 21, 650_000.0 / 21, 57_000);

        JsonNode otherDay1 = awaitRow("2026-03-02", other, 0);
        assertRow(otherDay1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(otherDay1.get("queue_wait_avg_ms").isNull()).isTrue();
        assertThat(otherDay1.get("run_time_p95_ms").isNull()).isTrue();

        var filtered = api.get("/api/stats/daily?from=2026-03-01&to=2026-03-04&assigned_to=" + bot);
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().get("from").asString()).isEqualTo("2026-03-01");
        assertThat(filtered.json().get("to").asString()).isEqualTo("2026-03-04");
        assertThat(filtered.json().get("days")).hasSize(2);
        assertThat(filtered.json().get("days").get(0).get("day").asString()).isEqualTo("2026-03-02");
        assertThat(filtered.json().get("days").get(1).get("day").asString()).isEqualTo("2026-03-03");
    }

    /**
     * The projection writes per batch of events and reads the tasks a batch touches from its table: here each
     * event of one task arrives in a batch of its own, after the previous one was written.
     */
    @Test
    void a_task_whose_events_arrive_in_separate_batches_is_measured_from_its_stored_state() throws Exception {
        String bot = bot("batches");
        StoredTaskEvents.Story task = history.task(bot).created(t(5, 9, 0, 0));
        awaitLiveRows(bot, 1);
        task.started(t(5, 9, 0, 7));
        awaitKinds(bot, 2);
        task.completed(t(5, 9, 0, 37));
        awaitKinds(bot, 3);

        JsonNode day = awaitRow("2026-03-05", bot, 1);
        assertRow(day, 1, 1, 1, 0, 0, 0, 0);
        assertDurations(day, "queue_wait", 1, 7_000.0, 7_000);
        assertDurations(day, "run_time", 1, 30_000.0, 30_000);
        awaitLiveRows(bot, 0);
    }

    @Test
    void a_task_worked_through_the_api_counts_today() throws Exception {
        String bot = bot("today");
        long id = api.createTask(bot, "counted", "P1");
        api.put("/api/tasks/" + id + "/start");
        api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}");

        JsonNode row = awaitRow(null, bot, 1);

        assertRow(row, 1, 1, 1, 0, 0, 0, 0);
        assertThat(row.get("queue_wait_count").asLong()).isEqualTo(1);
        assertThat(row.get("run_time_count").asLong()).isEqualTo(1);
        assertThat(row.get("run_time_p95_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void bad_dates_and_ranges_are_400_naming_the_field() {
        var badFrom = api.get("/api/stats/daily?from=03/02/2026");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("field").asString()).isEqualTo("from");
        assertThat(badFrom.detail()).contains("from");

        var badTo = api.get("/api/stats/daily?to=2026-02-30");
        assertThat(badTo.status()).isEqualTo(400);
        assertThat(badTo.json().get("field").asString()).isEqualTo("to");

        var reversed = api.get("/api/stats/daily?from=2026-03-05&to=2026-03-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.detail()).contains("after");

        var tooLong = api.get("/api/stats/daily?from=2025-01-01&to=2026-03-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.detail()).contains("at most " + StatsController.MAX_DAYS + " days");

        var longBot = api.get("/api/stats/daily?assigned_to=" + "x".repeat(51));
        assertThat(longBot.status()).isEqualTo(400);
        assertThat(longBot.json().get("field").asString()).isEqualTo("assigned_to");
    }

    @Test
    void without_a_range_it_answers_the_last_fourteen_days() {
        LocalDate before = LocalDate.now(zone);
        var answer = api.get("/api/stats/daily");
        LocalDate after = LocalDate.now(zone);

        assertThat(answer.status()).isEqualTo(200);
        // today as the server read it: the two dates differ only if the request crossed midnight
        LocalDate today = LocalDate.parse(answer.json().get("to").asString());
        assertThat(today).isIn(before, after);
        assertThat(answer.json().get("from").asString()).isEqualTo(today.minusDays(13).toString());
        assertThat(answer.json().get("time_zone").asString()).isEqualTo(zone.getId());
    }

    @Test
    void stats_today_keeps_its_contract_shape() {
        String bot = bot("shape");
        api.createTask(bot, "one", "P2");

        JsonNode today = api.get("/api/stats/today").json().get(bot);

        assertThat(today.get("total").asLong()).isEqualTo(1);
        assertThat(today.get("pending").asLong()).isEqualTo(1);
        assertThat(today.has("running") && today.has("completed") && today.has("failed")).isTrue();
    }

    private void awaitLiveRows(String bot, long rows) throws InterruptedException {
        awaitCount("SELECT COUNT(*) FROM task_analytics_task WHERE assigned_to = ?", bot, rows);
    }

    private void awaitKinds(String bot, long rows) throws InterruptedException {
        awaitCount("SELECT COUNT(*) FROM task_analytics_event WHERE assigned_to = ?", bot, rows);
    }

    private void awaitCount(String sql, String bot, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + AnalyticsRows.TIMEOUT_MILLIS;
        while (count(sql, bot) != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count(sql, bot)).as(sql).isEqualTo(expected);
    }

    private JsonNode awaitRow(String day, String bot, long created) throws InterruptedException {
        return AnalyticsRows.await(api, day, bot, created);
    }

    private static void assertRow(JsonNode row, long created, long started, long completed, long failed,
                                  long cancelled, long retried, long expired) {
        assertThat(List.of(row.get("created").asLong(), row.get("started").asLong(), row.get("completed").asLong(),
                row.get("failed").asLong(), row.get("cancelled").asLong(), row.get("retried").asLong(),
                row.get("expired").asLong()))
                .as("created, started, completed, failed, cancelled, retried, expired of %s", row)
                .containsExactly(created, started, completed, failed, cancelled, retried, expired);
    }

    private static void assertDurations(JsonNode row, String measure, long count, double avgMs, long p95Ms) {
        assertThat(row.get(measure + "_count").asLong()).as(measure + " count").isEqualTo(count);
        assertThat(row.get(measure + "_avg_ms").asDouble()).as(measure + " avg").isCloseTo(avgMs,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row.get(measure + "_p95_ms").asLong()).as(measure + " p95").isEqualTo(p95Ms);
    }

    /** 2026-03-{day} at the given time of day, in the server's zone. */
    private Instant t(int day, int hour, int minute, int second) {
        return LocalDateTime.of(2026, 3, day, hour, minute, second).atZone(zone).toInstant();
    }
}
