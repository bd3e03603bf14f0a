package org.opentask.app.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code webhook_subscription}; {@link SubscriptionTable} turns it into a {@link Subscription}. */
@Entity
@Table(name = "webhook_subscription")
class SubscriptionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;
    @Column(name = "url")
    String url;
    /** The event kinds, comma separated ({@link EventKind#format}). */
    @Column(name = "events")
    String events;
    @Column(name = "bot")
    String bot;
    @Column(name = "task_name_prefix")
    String taskNamePrefix;
    @Column(name = "secret")
    String secret;
    @Column(name = "enabled")
    boolean enabled;
    @Column(name = "created_millis")
    long createdMillis;
    @Column(name = "updated_millis")
    long updatedMillis;

    protected SubscriptionEntity() {
    }

    SubscriptionEntity(Subscription s) {
        this.id = s.id() == 0 ? null : s.id();
        this.url = s.url();
        this.events = EventKind.format(s.events());
        this.bot = s.bot();
        this.taskNamePrefix = s.taskNamePrefix();
        this.secret = s.secret();
        this.enabled = s.enabled();
        this.createdMillis = s.createdMillis();
        this.updatedMillis = s.updatedMillis();
    }

    Subscription subscription() {
        return new Subscription(id, url, EventKind.parse(events), bot, taskNamePrefix, secret, enabled, createdMillis,
                updatedMillis);
    }
}
