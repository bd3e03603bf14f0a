package org.opentask.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opentask.api.TaskLimits;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bot registry: the {@code bot} and {@code bot_key} tables, through Spring Data JPA. Bots are registered with a display name, a
 * description and whether they are enabled; their keys are issued here, shown once and kept only as a SHA-256
 * hash (a key is 256 random bits, so its hash is as hard to reverse as the key is to guess). Every instance reads
 * the tables, keeping what it read for {@code opentask.security.registry-cache}: a change made on one instance
 * counts on all within that time, without a restart. Registering is optional: tasks for unregistered bot names
 * work as they always did.
 */
@Component
public class BotRegistry {

    /** Every issued key starts so; only such keys are looked up in the database. */
    static final String KEY_PREFIX = "otk_";
    private static final int MAX_CACHED = 10_000;

    /** A registered bot, and its keys when asked for. */
    public record Bot(String name, String displayName, String description, boolean enabled,
                      LocalDateTime createdTime, LocalDateTime updatedTime, List<Key> keys) {
    }

    /** A key as listed: never its text. {@code active}: it is accepted now. */
    public record Key(long id, String prefix, LocalDateTime createdTime, LocalDateTime expiresTime,
                      LocalDateTime revokedTime, boolean active) {
    }

    /** A key just issued: {@code key} is its text, shown this once and kept nowhere. */
    public record IssuedKey(long id, String botName, String key, String prefix, LocalDateTime createdTime) {
    }

    /** What a presented key stands for: a registered bot, enabled or not. */
    record Holder(String botName, boolean enabled) {
    }

    private record Cached(Optional<Holder> holder, long loadedAt) {
    }

    private final BotRepository bots;
    private final BotKeyRepository keys;
    private final Clock clock;
    private final long cacheNanos;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached> byName = new ConcurrentHashMap<>();

    BotRegistry(BotRepository bots, BotKeyRepository keys, Clock clock, KeyProperties properties) {
        this.bots = bots;
        this.keys = keys;
        this.clock = clock;
        this.cacheNanos = properties.registryCache().toNanos();
    }

    // --- bots ---

    public List<Bot> bots() {
        return bots.findAllByOrderByNameAsc().stream().map(this::withKeys).toList();
    }

    public Optional<Bot> find(String name) {
        return bots.findById(name).map(this::withKeys);
    }

    /** Registers a bot; a name taken already is a {@link BotExistsException}. */
    public Bot register(String name, String displayName, String description, boolean enabled) {
        if (!registerIfAbsent(name, displayName, description, enabled)) {
            throw new BotExistsException(name);
        }
        return find(name).orElseThrow();
    }

    /**
     * Registers a bot unless one of that name is registered already (which is left as it is): for imports, such as
     * the original service's {@code bot_config} rows. True when it registered the bot.
     */
    public boolean registerIfAbsent(String name, String displayName, String description, boolean enabled) {
        checkName(name);
        String display = RequestChecks.optionalText("display_name", displayName, 100);
        String text = RequestChecks.optionalText("description", description, 500);
        if (bots.existsById(name)) {
            return false;
        }
        try {
            bots.saveAndFlush(new BotEntity(name, display, text, enabled, now()));
            return true;
        } catch (DataIntegrityViolationException registeredMeanwhile) {
            return false;
        }
    }

    /** Changes what is given (null: left as it is); disabling a bot refuses its keys, its tasks stay. */
    public Bot update(String name, String displayName, String description, Boolean enabled) {
        BotEntity bot = bots.findById(name).orElseThrow(() -> new UnknownBotException(name));
        String display = displayName == null ? bot.displayName()
                : RequestChecks.optionalText("display_name", displayName, 100);
        String text = description == null ? bot.description()
                : RequestChecks.optionalText("description", description, 500);
        bot.change(display, text, enabled == null ? bot.enabled() : enabled, now());
        bots.save(bot);
        cache.clear();
        byName.clear();
        return find(name).orElseThrow();
    }

    // --- keys ---

    /** Issues a new key to a registered bot; its text is in the answer and nowhere else. */
    public IssuedKey issueKey(String botName) {
        if (!bots.existsById(botName)) {
            throw new UnknownBotException(botName);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String prefix = key.substring(0, KEY_PREFIX.length() + 6);
        LocalDateTime now = now();
        long id = keys.save(new BotKeyEntity(botName, hash(key), prefix, now)).id();
        return new IssuedKey(id, botName, key, prefix, now);
    }

    /**
     * Issues a new key and lets the bot's other active keys run out after {@code grace}, so that the bot can switch
     * over without a moment in which it has no working key. A grace of zero revokes them at once.
     */
    @Transactional("jpaTransactionManager")
    public IssuedKey rotate(String botName, Duration grace) {
        IssuedKey issued = issueKey(botName);
        keys.expireOthers(botName, issued.id(), now().plus(grace));
        cache.clear();
        return issued;
    }

    /** Revokes a key at once; false when the bot has no such key. */
    public boolean revoke(String botName, long keyId) {
        int changed = keys.revoke(botName, keyId, now());
        cache.clear();
        return changed == 1 || keys.existsByBotNameAndId(botName, keyId);
    }

    /** The bot an issued key belongs to, while the key is neither revoked nor past its grace; empty otherwise. */
    Optional<Holder> holder(String key) {
        if (!key.startsWith(KEY_PREFIX) || key.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(key);
        long now = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached != null && now - cached.loadedAt < cacheNanos) {
            return cached.holder;
        }
        Optional<Holder> holder = keys.holder(hash, now()).stream()
                .filter(row -> MessageDigest.isEqual(((String) row[0]).getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
                .map(row -> new Holder((String) row[1], (Boolean) row[2]))
                .findFirst();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(hash, new Cached(holder, now));
        return holder;
    }

    /** Whether {@code name} is a registered bot that is disabled: its configured keys are refused too. */
    boolean disabled(String name) {
        long now = System.nanoTime();
        Cached cached = byName.get(name);
        if (cached == null || now - cached.loadedAt >= cacheNanos) {
            Optional<Holder> holder = bots.findById(name).map(bot -> new Holder(bot.name(), bot.enabled()));
            if (byName.size() >= MAX_CACHED) {
                byName.clear();
            }
            cached = new Cached(holder, now);
            byName.put(name, cached);
        }
        return cached.holder.isPresent() && !cached.holder.get().enabled();
    }

    private Bot withKeys(BotEntity bot) {
        LocalDateTime now = now();
        return bot.view(keys.findByBotNameOrderByIdAsc(bot.name()).stream().map(key -> key.view(now)).toList());
    }

    /** A bot's name as tasks carry it in {@code assigned_to}: 1 to 50 characters, nothing a URL path mangles. */
    static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > TaskLimits.BOT_LENGTH
                || !name.equals(name.strip())
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '%' || c == ';')) {
            throw new InvalidRequestException("name", "name must be 1 to " + TaskLimits.BOT_LENGTH
                    + " characters without surrounding spaces, control characters, '/', '\\', '%' or ';', got '"
                    + name + "'");
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    /** A bot of that name is registered already. */
    public static final class BotExistsException extends RuntimeException {

        BotExistsException(String name) {
            super("A bot named '" + name + "' is registered already");
        }
    }

    /** No bot of that name is registered. */
    public static final class UnknownBotException extends RuntimeException {

        UnknownBotException(String name) {
            super("No bot named '" + name + "' is registered");
        }
    }
}
