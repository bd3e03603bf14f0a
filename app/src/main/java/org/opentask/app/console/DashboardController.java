package org.opentask.app.console;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.BotDayAnalytics;
import org.opentask.api.BotDayStats;
import org.opentask.api.FindDailyAnalyticsQuery;
import org.opentask.api.FindDayStatsQuery;
import org.opentask.api.FindStaleTasksQuery;
import org.opentask.api.TaskView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard: today per bot, and the fleet's last fourteen days as charts. Both parts refresh themselves. */
@Controller
class DashboardController {

    static final int TREND_DAYS = 14;

    private final QueryGateway queries;
    private final Clock clock;
    private final ConsoleFormat format;

    /** Running tasks without a lease older than this are listed as stale (opentask.lease.stale-after). */
    private final Duration staleAfter;

    DashboardController(QueryGateway queries, Clock clock, ConsoleFormat format,
                        @Value("${opentask.lease.stale-after:30m}") Duration staleAfter) {
        this.queries = queries;
        this.clock = clock;
        this.format = format;
        this.staleAfter = staleAfter;
    }

    /** How many stale tasks the dashboard lists; the API lists them all. */
    static final int STALE_SHOWN = 20;

    /** A bot's today: its tasks created today by status now, and today's events and durations. */
    record TodayRow(String bot, BotDayStats tasks, BotDayAnalytics events) {
    }

    @GetMapping({"/web", "/web/"})
    String dashboard(Model model) {
        today(model);
        charts(model);
        return "console/dashboard";
    }

    @GetMapping("/web/dashboard/today")
    String todayFragment(Model model) {
        today(model);
        return "console/dashboard :: today";
    }

    @GetMapping("/web/dashboard/charts")
    String chartsFragment(Model model) {
        charts(model);
        return "console/dashboard :: charts";
    }

    private void today(Model model) {
        LocalDate today = LocalDate.now(clock);
        Map<String, TodayRow> rows = new TreeMap<>();
        for (BotDayStats tasks : queries.query(new FindDayStatsQuery(today),
                ResponseTypes.multipleInstancesOf(BotDayStats.class)).join()) {
            rows.put(tasks.assignedTo(), new TodayRow(tasks.assignedTo(), tasks, null));
        }
        for (BotDayAnalytics events : analytics(today, today, true)) {
            TodayRow row = rows.get(events.assignedTo());
            rows.put(events.assignedTo(), new TodayRow(events.assignedTo(), row == null ? null : row.tasks(), events));
        }
        model.addAttribute("today", today);
        model.addAttribute("todayRows", new ArrayList<>(rows.values()));
        model.addAttribute("stale", queries.query(new FindStaleTasksQuery(null, staleAfter, STALE_SHOWN),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join());
        model.addAttribute("staleAfter", staleAfter);
        model.addAttribute("refreshed", clock.instant());
    }

    private void charts(Model model) {
        LocalDate last = LocalDate.now(clock);
        LocalDate first = last.minusDays(TREND_DAYS - 1);
        List<LocalDate> days = first.datesUntil(last.plusDays(1)).toList();
        Map<LocalDate, BotDayAnalytics> byDay = new TreeMap<>();
        for (BotDayAnalytics row : analytics(first, last, false)) {
            byDay.put(row.day(), row);
        }
        Function<Function<BotDayAnalytics, Number>, List<Double>> values = field -> days.stream()
                .map(day -> {
                    BotDayAnalytics row = byDay.get(day);
                    Number value = row == null ? null : field.apply(row);
                    return value == null ? null : value.doubleValue();
                })
                .toList();
        Function<Function<BotDayAnalytics, Number>, List<Double>> counts = field -> values.apply(field).stream()
                .map(value -> value == null ? 0.0 : value)
                .toList();
        model.addAttribute("tasksChart", TrendChart.bars("Tasks per day, all bots", days, List.of(
                new TrendChart.Series("created", "#2563eb", counts.apply(BotDayAnalytics::created)),
                new TrendChart.Series("completed", "#16a34a", counts.apply(BotDayAnalytics::completed)),
                new TrendChart.Series("failed", "#dc2626", counts.apply(BotDayAnalytics::failed)),
                new TrendChart.Series("cancelled", "#9ca3af", counts.apply(BotDayAnalytics::cancelled))), 1240));
        model.addAttribute("waitChart", TrendChart.lines("Queue wait (created or retried to started)", days,
                List.of(new TrendChart.Series("average", "#2563eb", values.apply(BotDayAnalytics::queueWaitAvgMs)),
                        new TrendChart.Series("p95", "#f59e0b", values.apply(BotDayAnalytics::queueWaitP95Ms))),
                format::axisDuration, 610));
        model.addAttribute("runChart", TrendChart.lines("Run time (started to finished)", days,
                List.of(new TrendChart.Series("average", "#16a34a", values.apply(BotDayAnalytics::runTimeAvgMs)),
                        new TrendChart.Series("p95", "#f59e0b", values.apply(BotDayAnalytics::runTimeP95Ms))),
                format::axisDuration, 610));
        model.addAttribute("trendFrom", first);
        model.addAttribute("trendTo", last);
    }

    private List<BotDayAnalytics> analytics(LocalDate first, LocalDate last, boolean perBot) {
        return queries.query(new FindDailyAnalyticsQuery(first, last, null, perBot),
                ResponseTypes.multipleInstancesOf(BotDayAnalytics.class)).join();
    }
}
