package org.opentask.app.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.BotDayAnalytics;
import org.opentask.api.BotDayStats;
import org.opentask.api.FindDailyAnalyticsQuery;
import org.opentask.api.FindDayStatsQuery;
import org.opentask.api.TaskLimits;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The statistics: {@code /api/stats/today}, today's tasks per bot by their status now (read from {@code bot_task},
 * never behind), and {@code /api/stats/daily}, per day and bot what happened to tasks and how long they waited and
 * ran (the analytics projection, which follows the event store on its own processor).
 */
@RestController
class StatsController {

    /** The longest range one call may ask for, so that one call cannot make the database sort a year of events. */
    static final int MAX_DAYS = 92;
    /** The range when none is given: the last two weeks, today included. */
    static final int DEFAULT_DAYS = 14;
    /** The dates a call may name: what every supported database stores in a DATE column (MariaDB's range). */
    static final LocalDate EARLIEST = LocalDate.of(1000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private final QueryGateway queries;
    /** The server's clock, in the server's time zone ({@code ClockConfiguration}): "today" and the answer's zone. */
    private final Clock clock;

    StatsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * @param days the days that had any event, oldest first, then by bot; a day or bot without events is left out
     */
    record DailyStats(LocalDate from, LocalDate to, String timeZone, List<BotDayAnalytics> days) {
    }

    /** Per bot, the tasks created today (server time zone) counted by their status now; deleted ones left out. */
    @GetMapping("/api/stats/today")
    Map<String, Map<String, Long>> today() {
        List<BotDayStats> rows = queries.query(new FindDayStatsQuery(LocalDate.now(clock)),
                ResponseTypes.multipleInstancesOf(BotDayStats.class)).join();
        Map<String, Map<String, Long>> stats = new LinkedHashMap<>();
        for (BotDayStats row : rows) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("total", row.total());
            counts.put("pending", row.pending());
            counts.put("running", row.running());
            counts.put("completed", row.completed());
            counts.put("failed", row.failed());
            counts.put("cancelled", row.cancelled());
            stats.put(row.assignedTo(), counts);
        }
        return stats;
    }

    /** {@code group_by=bot} (default): a row per day and bot; {@code group_by=day}: a row per day for all of them. */
    @GetMapping("/api/stats/daily")
    DailyStats daily(@RequestParam(required = false) String from,
                     @RequestParam(required = false) String to,
                     @RequestParam(name = "assigned_to", required = false) String assignedTo,
                     @RequestParam(name = "group_by", required = false) String groupBy) {
        LocalDate last = date("to", to, LocalDate.now(clock));
        LocalDate first = date("from", from, max(EARLIEST, last.minusDays(DEFAULT_DAYS - 1)));
        if (first.isAfter(last)) {
            throw new InvalidRequestException("from", "from (" + first + ") must not be after to (" + last + ")");
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidRequestException("from",
                    "from..to spans " + days + " days; at most " + MAX_DAYS + " days per call");
        }
        String bot = RequestChecks.optionalText("assigned_to", RequestChecks.emptyToNull(assignedTo),
                TaskLimits.BOT_LENGTH);
        boolean perBot = groupBy == null || groupBy.isEmpty() || groupBy.equals("bot");
        if (!perBot && !groupBy.equals("day")) {
            throw new InvalidRequestException("group_by", "group_by must be bot or day, got '" + groupBy + "'");
        }
        return new DailyStats(first, last, clock.getZone().getId(),
                queries.query(new FindDailyAnalyticsQuery(first, last, bot, perBot),
                        ResponseTypes.multipleInstancesOf(BotDayAnalytics.class)).join());
    }

    private static LocalDate date(String field, String value, LocalDate fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field,
                    field + " must be an ISO date such as 2026-04-24, got '" + value + "'");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new InvalidRequestException(field,
                    field + " must be between " + EARLIEST + " and " + LATEST + ", got '" + value + "'");
        }
        return date;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
