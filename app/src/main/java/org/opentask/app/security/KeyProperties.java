package org.opentask.app.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys configured in properties, {@code opentask.security.*}, beside the shared {@code opentask.api-key} and
 * the keys the bot registry issues; and how the key check slows down guessing. See {@code docs/security.md}.
 *
 * @param sharedKeyRole     what the shared key may do: {@code operator} (the original service's key, the default),
 *                          {@code bot-only} (every task call, no admin call, no console) or {@code disabled}
 * @param botKeys           bot name to its own key: the bot acts under its name, on its own tasks only
 * @param operatorKeys      operator name to key: admin calls and the console, acting under that name
 * @param botKeyList        {@code name:key} entries, for bot names an environment variable cannot spell as a map
 *                          key (capitals, hyphens): {@code OPENTASK_SECURITY_BOT_KEY_LIST=Anna-Bot:key1,cc:key2}
 * @param operatorKeyList   the same for operators
 * @param registryCache     how long an instance trusts what it read of the bot registry: a key issued, revoked or
 *                          a bot disabled on one instance counts on every instance within this time
 * @param failedKeyBudget   wrong keys one client may send before it is answered 429
 * @param failedKeyRefill   how long the budget takes to fill again, whole
 */
@ConfigurationProperties("opentask.security")
record KeyProperties(@DefaultValue("operator") SharedKeyRole sharedKeyRole,
                     Map<String, String> botKeys,
                     Map<String, String> operatorKeys,
                     List<String> botKeyList,
                     List<String> operatorKeyList,
                     @DefaultValue("5s") Duration registryCache,
                     @DefaultValue("20") int failedKeyBudget,
                     @DefaultValue("60s") Duration failedKeyRefill) {

    enum SharedKeyRole { OPERATOR, BOT_ONLY, DISABLED }

    KeyProperties {
        botKeys = merged(botKeys, botKeyList, "opentask.security.bot-key-list");
        operatorKeys = merged(operatorKeys, operatorKeyList, "opentask.security.operator-key-list");
        botKeyList = List.of();
        operatorKeyList = List.of();
        if (failedKeyBudget < 1) {
            throw new IllegalStateException("opentask.security.failed-key-budget must be at least 1");
        }
    }

    private static Map<String, String> merged(Map<String, String> map, List<String> list, String property) {
        Map<String, String> all = new LinkedHashMap<>(map == null ? Map.of() : map);
        for (String entry : list == null ? List.<String>of() : list) {
            int colon = entry.indexOf(':');
            if (colon < 1 || colon == entry.length() - 1) {
                throw new IllegalStateException(property + " takes name:key entries, got one without a name or key");
            }
            String name = entry.substring(0, colon).trim();
            if (all.putIfAbsent(name, entry.substring(colon + 1).trim()) != null) {
                throw new IllegalStateException(property + " names " + name + " twice");
            }
        }
        return Map.copyOf(all);
    }
}
