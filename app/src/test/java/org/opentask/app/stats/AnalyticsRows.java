package org.opentask.app.stats;

import org.opentask.app.ApiClient;
import tools.jackson.databind.JsonNode;

/** Reading {@code /api/stats/daily} in tests: the analytics follow the event store on their own thread. */
final class AnalyticsRows {

    /** Long enough for the processor to work through what earlier tests stored in bulk, on a busy machine. */
    static final long TIMEOUT_MILLIS = 120_000;

    private AnalyticsRows() {
    }

    /** Polls until the bot's row for the day (null: the default range) shows {@code created} created tasks. */
    static JsonNode await(ApiClient api, String day, String bot, long created) throws InterruptedException {
        String query = day == null ? "?assigned_to=" + bot : "?from=" + day + "&to=" + day + "&assigned_to=" + bot;
        JsonNode row = null;
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode days = api.get("/api/stats/daily" + query).json().get("days");
            row = days.isEmpty() ? null : days.get(0);
            if (row != null && row.get("created").asLong() >= created && row.get("started").asLong() >= created
                    && (created == 0 || row.get("completed").asLong() + row.get("cancelled").asLong() > 0)) {
                Thread.sleep(300); // and once more, so that a batch still in flight is in
                return api.get("/api/stats/daily" + query).json().get("days").get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no analytics row for " + bot + " on " + day + ", last seen: " + row);
    }
}
