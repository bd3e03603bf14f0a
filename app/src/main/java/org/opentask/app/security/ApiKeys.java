package org.opentask.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opentask.app.system.OpenTaskProperties;
import org.springframework.stereotype.Component;

/**
 * The keys the service accepts and whom each stands for: the shared key of the original service (an operator by
 * default, so that nothing that used it breaks; {@code opentask.security.shared-key-role}), the keys configured
 * per bot and per operator, and the keys the {@link BotRegistry} issued. Every configured candidate is compared in
 * constant time; an issued key is found by its hash.
 */
@Component
public class ApiKeys {

    /** What a presented key stands for. {@code disabledBot}: the key is a disabled bot's, refused with 403. */
    record Check(Caller caller, String disabledBot) {

        static final Check UNKNOWN = new Check(null, null);
    }

    private record Entry(byte[] key, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final BotRegistry registry;

    ApiKeys(OpenTaskProperties properties, KeyProperties keys, BotRegistry registry) {
        this.registry = registry;
        switch (keys.sharedKeyRole()) {
            case OPERATOR -> add(properties.apiKey(), new Caller(null, Caller.Role.OPERATOR));
            case BOT_ONLY -> add(properties.apiKey(), new Caller(null, Caller.Role.BOT));
            case DISABLED -> {
                // the shared key is refused like any unknown key
            }
        }
        for (Map.Entry<String, String> bot : keys.botKeys().entrySet()) {
            add(bot.getValue(), new Caller(bot.getKey(), Caller.Role.BOT));
        }
        for (Map.Entry<String, String> operator : keys.operatorKeys().entrySet()) {
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

    /** The keys configured in properties, for the {@code prod} profile's check of their strength. */
    List<String> configuredKeys() {
        return entries.stream().map(entry -> new String(entry.key, StandardCharsets.UTF_8)).toList();
    }

    /** The bots that have a key of their own in properties, so the console knows them before they have tasks. */
    public List<String> botNames() {
        return entries.stream().filter(entry -> entry.caller.role() == Caller.Role.BOT && entry.caller.name() != null)
                .map(entry -> entry.caller.name()).sorted().toList();
    }

    /** Whom the key stands for, or null for an unknown key or a disabled bot's key. */
    public Caller resolve(String key) {
        return check(key).caller();
    }

    Check check(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.key, given)) {
                found = entry.caller;
            }
        }
        if (found != null) {
            return found.bot() != null && registry.disabled(found.bot()) ? new Check(null, found.bot())
                    : new Check(found, null);
        }
        Optional<BotRegistry.Holder> holder = registry.holder(key);
        if (holder.isEmpty()) {
            return Check.UNKNOWN;
        }
        return holder.get().enabled() ? new Check(new Caller(holder.get().botName(), Caller.Role.BOT), null)
                : new Check(null, holder.get().botName());
    }
}
