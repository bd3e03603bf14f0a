package org.opentask.app.migration;

import java.util.List;

import org.opentask.app.migration.OriginalDatabase.BotRow;
import org.opentask.app.security.BotRegistry;
import org.opentask.app.system.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The original's {@code bot_config} rows: each registered in the bot registry (enabled as it was active, its display
 * name and description; a bot registered already is left as it is), and kept as it was in
 * {@code original_bot_config} (same columns, same ids, its times), so nothing of the original is lost
 * (docs/migration.md). A name the registry refuses is kept, not registered, and reported.
 */
@Component
class OriginalBots {

    private final JdbcClient jdbc;
    private final BotRegistry registry;

    OriginalBots(JdbcClient jdbc, BotRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /**
     * Registers and keeps the bots; the names the registry refused go to {@code refused}. One transaction of the
     * registry's (JPA) transaction manager, which the plain SQL here joins.
     */
    @Transactional("jpaTransactionManager")
    int keep(List<BotRow> bots, List<String> refused) {
        int kept = 0;
        for (BotRow bot : bots) {
            try {
                registry.registerIfAbsent(bot.botName(), bot.displayName(), bot.description(),
                        bot.active() == null || bot.active());
            } catch (InvalidRequestException e) {
                refused.add(bot.botName() + ": " + e.getMessage());
            }
            boolean known = jdbc.sql("SELECT COUNT(*) FROM original_bot_config WHERE bot_name = ?")
                    .param(bot.botName()).query(Long.class).single() > 0;
            if (!known) {
                jdbc.sql("INSERT INTO original_bot_config (id, bot_name, display_name, description, is_active,"
                                + " created_time, updated_time) VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .params(bot.id(), bot.botName(), bot.displayName(), bot.description(), bot.active(),
                                bot.createdTime(), bot.updatedTime())
                        .update();
            }
            kept++;
        }
        return kept;
    }
}
