package org.opentask.app.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Slows down a client that guesses keys: each client (its address as the server sees it) has a budget of wrong
 * keys, a token bucket that refills over {@code opentask.security.failed-key-refill}. Once the budget is spent,
 * every call of that client that carries a key is answered 429 with {@code Retry-After}, the right key as well,
 * so that a guesser cannot tell a hit from a miss; other clients are not affected.
 */
final class KeyGuessing {

    /** Beyond this many clients the buckets are dropped and begin again: memory stays bounded. */
    private static final int MAX_CLIENTS = 100_000;

    private final int budget;
    private final Duration refill;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyGuessing(int budget, Duration refill) {
        this.budget = budget;
        this.refill = refill;
    }

    /** Seconds the client must wait before it may try a key again; 0 when it may now. */
    long waitSeconds(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The client sent a wrong key: it spends one of its budget. */
    void failed(String client) {
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.clear();
        }
        buckets.computeIfAbsent(client, c -> Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(budget).refillGreedy(budget, refill).build())
                        .build())
                .tryConsume(1);
    }
}
