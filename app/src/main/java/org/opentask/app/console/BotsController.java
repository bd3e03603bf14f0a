package org.opentask.app.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.api.BotQueue;
import org.opentask.api.FindBotQueuesQuery;
import org.opentask.app.bot.BotPresence;
import org.opentask.app.security.ApiKeys;
import org.opentask.app.security.BotRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The bots page: every bot the service knows (it has or had tasks, it has a key of its own, or it called in),
 * whether it is active (heard from within {@code opentask.console.active-minutes}), and its queue.
 */
@Controller
class BotsController {

    private final QueryGateway queries;
    private final ApiKeys keys;
    private final BotRegistry registry;
    private final BotPresence presence;
    private final Clock clock;
    private final Duration active;

    BotsController(QueryGateway queries, ApiKeys keys, BotRegistry registry, BotPresence presence, Clock clock,
                   @Value("${opentask.console.active-minutes:10}") int activeMinutes) {
        this.queries = queries;
        this.keys = keys;
        this.registry = registry;
        this.presence = presence;
        this.clock = clock;
        this.active = Duration.ofMinutes(activeMinutes);
    }

    /** One bot as the page shows it; {@code lastSeen} null: not heard from since this instance started. */
    record BotRow(String name, boolean active, Instant lastSeen, long pending, long running, boolean hasKey) {
    }

    @GetMapping("/web/bots")
    String bots(Model model) {
        model.addAttribute("registered", registry.bots());
        return "console/bots";
    }

    @GetMapping("/web/bots/rows")
    String rowsFragment() {
        return "console/bots :: rows";
    }

    /** The rows, for the page and for its refresh alike: every handler here shows them. */
    @ModelAttribute
    void rows(Model model) {
        Instant now = clock.instant();
        Map<String, Instant> seen = presence.lastSeen();
        Map<String, BotQueue> queues = new TreeMap<>();
        for (BotQueue queue : queries.query(new FindBotQueuesQuery(),
                ResponseTypes.multipleInstancesOf(BotQueue.class)).join()) {
            queues.put(queue.assignedTo(), queue);
        }
        List<String> keyed = keys.botNames();
        TreeMap<String, Boolean> names = new TreeMap<>();
        queues.keySet().forEach(name -> names.put(name, true));
        keyed.forEach(name -> names.put(name, true));
        seen.keySet().forEach(name -> names.put(name, true));
        List<BotRow> rows = new ArrayList<>();
        for (String name : names.keySet()) {
            BotQueue queue = queues.get(name);
            Instant lastSeen = seen.get(name);
            rows.add(new BotRow(name, lastSeen != null && lastSeen.isAfter(now.minus(active)), lastSeen,
                    queue == null ? 0 : queue.pending(), queue == null ? 0 : queue.running(), keyed.contains(name)));
        }
        model.addAttribute("bots", rows);
        model.addAttribute("activeMinutes", active.toMinutes());
        model.addAttribute("now", now);
        model.addAttribute("activeCount", rows.stream().filter(BotRow::active).count());
    }
}
