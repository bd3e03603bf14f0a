package org.opentask.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opentask.app.system.OpenTaskProperties;
import org.springframework.stereotype.Component;

/**
 * The keys the service accepts and whom each stands for: the shared key of the original service (an operator,
 * so that nothing that used it breaks), one key per bot, one per named operator. Every candidate is compared in
 * constant time.
 */
@Component
public class ApiKeys {

    private record Entry(byte[] key, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();

    ApiKeys(OpenTaskProperties properties) {
        add(properties.apiKey(), new Caller(null, Caller.Role.OPERATOR));
        OpenTaskProperties.Security security = properties.security();
        for (Map.Entry<String, String> bot : security.botKeys().entrySet()) {
            add(bot.getValue(), new Caller(bot.getKey(), Caller.Role.BOT));
        }
        for (Map.Entry<String, String> operator : security.operatorKeys().entrySet()) {
            add(operator.getValue(), new Caller(operator.getKey(), Caller.Role.OPERATOR));
        }
    }

    private void add(String key, Caller caller) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("An empty API key is configured for " + caller);
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.key, bytes)) {
                throw new IllegalStateException("Two callers share one API key: " + entry.caller + " and " + caller);
            }
        }
        entries.add(new Entry(bytes, caller));
    }

    /** The bots that have a key of their own, so the console knows them before they have tasks. */
    public List<String> botNames() {
        return entries.stream().filter(entry -> entry.caller.role() == Caller.Role.BOT)
                .map(entry -> entry.caller.name()).sorted().toList();
    }

    /** Whom the key stands for, or null for an unknown key. */
    public Caller resolve(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.key, given)) {
                found = entry.caller;
            }
        }
        return found;
    }
}
