package org.opentask.app.webhook;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.opentask.api.TaskLimits;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;

/** The bodies of {@code /api/admin/webhooks}, checked so that a 400 names the field before anything is written. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    /** {@code POST /api/admin/webhooks}: url and events required, the rest optional; enabled by default. */
    record NewSubscription(String url, List<String> events, String bot, String taskNamePrefix, String secret,
                           Boolean enabled) {

        /** The subscription asked for (id and times still unset; no secret when the service is to make one). */
        Subscription check(TargetGuard guard) {
            String target = checkedUrl(guard, RequestChecks.requireText("url", url, TargetGuard.MAX_URL_LENGTH));
            if (events == null) {
                throw new InvalidRequestException("events", "events is required: a list of " + EventKind.labels());
            }
            return new Subscription(0, target, kinds(events),
                    RequestChecks.optionalText("bot", bot, TaskLimits.BOT_LENGTH),
                    RequestChecks.optionalText("task_name_prefix", taskNamePrefix, TaskLimits.NAME_LENGTH),
                    secret == null ? null : checkedSecret(secret), enabled == null || enabled, 0, 0);
        }
    }

    /**
     * {@code PUT /api/admin/webhooks/{id}}: only the fields given change; an empty {@code bot} or
     * {@code task_name_prefix} removes that filter.
     */
    record SubscriptionChange(String url, List<String> events, String bot, String taskNamePrefix, String secret,
                              Boolean enabled) {

        Subscription applyTo(Subscription s, TargetGuard guard, long nowMillis) {
            return new Subscription(s.id(),
                    url == null ? s.url() : checkedUrl(guard, RequestChecks.requireText("url", url,
                            TargetGuard.MAX_URL_LENGTH)),
                    events == null ? s.events() : kinds(events),
                    bot == null ? s.bot() : bot.isEmpty() ? null
                            : RequestChecks.optionalText("bot", bot, TaskLimits.BOT_LENGTH),
                    taskNamePrefix == null ? s.taskNamePrefix() : taskNamePrefix.isEmpty() ? null
                            : RequestChecks.optionalText("task_name_prefix", taskNamePrefix, TaskLimits.NAME_LENGTH),
                    secret == null ? s.secret() : checkedSecret(secret),
                    enabled == null ? s.enabled() : enabled,
                    s.createdMillis(), nowMillis);
        }
    }

    private static String checkedUrl(TargetGuard guard, String url) {
        try {
            return guard.check(url.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("url", "url " + e.getMessage());
        }
    }

    private static Set<EventKind> kinds(List<String> events) {
        if (events.isEmpty()) {
            throw new InvalidRequestException("events", "events must name at least one of " + EventKind.labels());
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String event : events) {
            String label = event == null ? "" : event.trim().toLowerCase(Locale.ROOT);
            if (!EventKind.labels().contains(label)) {
                throw new InvalidRequestException("events", "events must be among " + EventKind.labels()
                        + ", got '" + event + "'");
            }
            kinds.add(EventKind.valueOf(label.toUpperCase(Locale.ROOT)));
        }
        return kinds;
    }

    private static String checkedSecret(String secret) {
        try {
            WebhookSecret.parse(secret);
            return secret;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("secret", "secret: " + e.getMessage());
        }
    }
}
