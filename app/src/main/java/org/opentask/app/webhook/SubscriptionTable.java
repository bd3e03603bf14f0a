package org.opentask.app.webhook;

import java.util.List;
import java.util.Optional;

/** {@code webhook_subscription} as the webhooks see it: {@link Subscription} records, kept by Spring Data JPA. */
final class SubscriptionTable {

    private final SubscriptionRepository repository;

    SubscriptionTable(SubscriptionRepository repository) {
        this.repository = repository;
    }

    long insert(Subscription s) {
        return repository.save(new SubscriptionEntity(s)).id;
    }

    /** False when there is no such subscription (then nothing is written). */
    boolean update(Subscription s) {
        if (!repository.existsById(s.id())) {
            return false;
        }
        repository.save(new SubscriptionEntity(s));
        return true;
    }

    boolean delete(long id) {
        return repository.deleteWithId(id) == 1;
    }

    Optional<Subscription> find(long id) {
        return repository.findById(id).map(SubscriptionEntity::subscription);
    }

    List<Subscription> all() {
        return repository.findAllByOrderByIdAsc().stream().map(SubscriptionEntity::subscription).toList();
    }

    /** The subscriptions that may get deliveries: the processor's view, read once per refresh. */
    List<Subscription> enabled() {
        return repository.findByEnabledTrueOrderByIdAsc().stream().map(SubscriptionEntity::subscription).toList();
    }
}
