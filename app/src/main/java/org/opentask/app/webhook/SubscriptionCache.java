package org.opentask.app.webhook;

import java.time.Clock;
import java.util.List;

/**
 * The enabled subscriptions as the webhook processor sees them: read again when a change was made on this instance,
 * and at most {@code refreshMillis} after a change made on another.
 */
final class SubscriptionCache {

    private final SubscriptionTable table;
    private final Clock clock;
    private final long refreshMillis;
    private volatile List<Subscription> current;
    private volatile long readMillis;

    SubscriptionCache(SubscriptionTable table, Clock clock, long refreshMillis) {
        this.table = table;
        this.clock = clock;
        this.refreshMillis = refreshMillis;
    }

    List<Subscription> current() {
        List<Subscription> subscriptions = current;
        long now = clock.millis();
        if (subscriptions == null || now - readMillis >= refreshMillis) {
            subscriptions = table.enabled();
            current = subscriptions;
            readMillis = now;
        }
        return subscriptions;
    }

    void changed() {
        current = null;
    }
}
