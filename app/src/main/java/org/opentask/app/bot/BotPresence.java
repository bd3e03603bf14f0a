package org.opentask.app.bot;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.opentask.api.TaskLimits;
import org.springframework.stereotype.Component;

/**
 * When this instance last heard from each bot: a call made with the bot's own key, or the heartbeat's
 * {@code GET /api/tasks/pending?assigned_to=<bot>}. Kept in memory: a poll is no event worth storing, and every
 * bot polls within minutes, so after a restart the picture is whole again by the next heartbeat. The API records
 * it ({@link BotPresenceFilter}); the console reads it.
 */
@Component
public class BotPresence {

    /** Bounds the memory a client inventing bot names could take. */
    static final int MAX_BOTS = 10_000;

    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Clock clock;

    BotPresence(Clock clock) {
        this.clock = clock;
    }

    void seen(String bot) {
        if (bot == null || bot.isBlank() || bot.length() > TaskLimits.BOT_LENGTH) {
            return;
        }
        if (lastSeen.size() < MAX_BOTS || lastSeen.containsKey(bot)) {
            lastSeen.put(bot, clock.instant());
        }
    }

    /** Each bot heard from since this instance started, and when it was last. */
    public Map<String, Instant> lastSeen() {
        return Map.copyOf(lastSeen);
    }
}
