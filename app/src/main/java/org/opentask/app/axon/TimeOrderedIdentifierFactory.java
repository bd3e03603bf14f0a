package org.opentask.app.axon;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers of Axon's messages (every command, event, query and answer gets one): UUIDs in the version 7
 * layout, 48 bits of milliseconds followed by 74 random bits, drawn from {@link ThreadLocalRandom}.
 * <p>
 * Axon's default is {@link UUID#randomUUID()}, whose {@code SecureRandom} is one lock for the whole JVM: under 32
 * bots a profile found request threads blocked on it for half of the measured time (docs/performance.md). These
 * ids need to be unique, not unguessable, and 74 random bits within one millisecond are unique for any rate a
 * single instance reaches. Being time-ordered, event identifiers also land at the end of the event table's unique
 * index instead of at random pages of it. Axon finds this factory through {@code META-INF/services}.
 */
public final class TimeOrderedIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return next(System.currentTimeMillis()).toString();
    }

    static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
