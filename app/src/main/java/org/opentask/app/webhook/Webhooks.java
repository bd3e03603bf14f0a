package org.opentask.app.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhooks as operators manage them, through {@code /api/admin/webhooks} and the console: subscriptions,
 * their deliveries with every attempt, and redelivery. The requests are checked by {@link WebhookRequests}.
 */
public final class Webhooks {

    /** A subscription as the API shows it; {@code secret} only in the answer that created it. */
    public record SubscriptionView(long id, String url, List<String> events, String bot, String taskNamePrefix,
                                   boolean enabled, LocalDateTime createdTime, LocalDateTime updatedTime,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
    }

    /** A delivery; {@code attempts} in the answer about one delivery only. */
    public record DeliveryView(long id, String webhookId, Long subscriptionId, String url, String type, long taskId,
                               String status, int attemptCount, LocalDateTime createdTime,
                               LocalDateTime nextAttemptTime, Integer lastStatusCode, LocalDateTime finishedTime,
                               @JsonInclude(JsonInclude.Include.NON_NULL) List<AttemptView> attempts) {

        DeliveryView with(List<AttemptView> attemptList) {
            return new DeliveryView(id, webhookId, subscriptionId, url, type, taskId, status, attemptCount,
                    createdTime, nextAttemptTime, lastStatusCode, finishedTime, attemptList);
        }
    }

    /** One attempt: no {@code status_code} when no answer came, then {@code error} says why. */
    public record AttemptView(LocalDateTime attemptedTime, Integer statusCode, int durationMillis, String error,
                              String responseExcerpt) {
    }

    private final SubscriptionTable subscriptions;
    private final DeliveryTable deliveries;
    private final TransactionTemplate transaction;
    private final WebhookProperties properties;
    private final TargetGuard guard;
    private final Clock clock;
    private final ZoneId zone;
    private final Runnable changed;
    private final Runnable wakeSender;

    Webhooks(SubscriptionTable subscriptions, DeliveryTable deliveries, TransactionTemplate transaction,
             WebhookProperties properties, TargetGuard guard, Clock clock, Runnable changed, Runnable wakeSender) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.transaction = transaction;
        this.properties = properties;
        this.guard = guard;
        this.clock = clock;
        this.zone = clock.getZone();
        this.changed = changed;
        this.wakeSender = wakeSender;
    }

    public List<SubscriptionView> subscriptions() {
        return subscriptions.all().stream().map(s -> view(s, null)).toList();
    }

    public Optional<SubscriptionView> subscription(long id) {
        return subscriptions.find(id).map(s -> view(s, null));
    }

    /** Registers a subscription; the answer carries its secret, generated when the request gave none. */
    SubscriptionView create(WebhookRequests.NewSubscription request) {
        long now = clock.millis();
        Subscription checked = request.check(guard);
        String secret = checked.secret() == null ? WebhookSecret.generate() : checked.secret();
        Subscription row = new Subscription(0, checked.url(), checked.events(), checked.bot(),
                checked.taskNamePrefix(), secret, checked.enabled(), now, now);
        long id = subscriptions.insert(row);
        changed.run();
        return view(new Subscription(id, row.url(), row.events(), row.bot(), row.taskNamePrefix(), secret,
                row.enabled(), now, now), secret);
    }

    /** Changes what the request names; empty when there is no such subscription. */
    Optional<SubscriptionView> change(long id, WebhookRequests.SubscriptionChange request) {
        Optional<Subscription> existing = subscriptions.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Subscription updated = request.applyTo(existing.get(), guard, clock.millis());
        subscriptions.update(updated);
        changed.run();
        return Optional.of(view(updated, null));
    }

    /** Turns a subscription on or off; false when there is no such subscription. */
    public boolean enable(long id, boolean enabled) {
        Optional<Subscription> existing = subscriptions.find(id);
        if (existing.isEmpty()) {
            return false;
        }
        Subscription s = existing.get();
        subscriptions.update(new Subscription(s.id(), s.url(), s.events(), s.bot(), s.taskNamePrefix(), s.secret(),
                enabled, s.createdMillis(), clock.millis()));
        changed.run();
        if (enabled) {
            wakeSender.run();
        }
        return true;
    }

    /** Deletes a subscription with its deliveries and their attempts; false when there is no such subscription. */
    boolean delete(long id) {
        Boolean deleted = transaction.execute(status -> {
            deliveries.deleteOfSubscription(id);
            return subscriptions.delete(id);
        });
        changed.run();
        return Boolean.TRUE.equals(deleted);
    }

    /** The newest deliveries first, filtered by whichever of subscription, task and status are given. */
    public List<DeliveryView> deliveries(Long subscriptionId, Long taskId, String status, int limit) {
        return deliveries.list(subscriptionId, taskId, status, limit);
    }

    /** One delivery with its attempts, oldest first. */
    public Optional<DeliveryView> delivery(long id) {
        return deliveries.find(id).map(d -> d.with(deliveries.attempts(id)));
    }

    /** Sends a delivery again now, under its own webhook-id, with a fresh retry window. */
    public Optional<DeliveryView> redeliver(long id) {
        long now = clock.millis();
        if (!deliveries.redeliver(id, now, now + properties.retryFor().toMillis())) {
            return Optional.empty();
        }
        wakeSender.run();
        return delivery(id);
    }

    private SubscriptionView view(Subscription s, String secret) {
        return new SubscriptionView(s.id(), s.url(), s.events().stream().map(EventKind::label).toList(), s.bot(),
                s.taskNamePrefix(), s.enabled(), time(s.createdMillis()), time(s.updatedMillis()), secret);
    }

    private LocalDateTime time(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone);
    }
}
