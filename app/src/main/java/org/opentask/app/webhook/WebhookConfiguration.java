package org.opentask.app.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.app.axon.PolledEventSource;
import org.opentask.app.task.CallbackUrls;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks: the processor that turns task events into deliveries, the sender that sends them, and the operators'
 * view of both. Nothing here is on the path of a task request: the processor follows the event store on a
 * tracking processor of its own, reading the store through the polled reader the analytics read through too
 * ({@link PolledEventSource}), every {@code opentask.webhooks.poll-interval} at most, rather than woken by every
 * commit.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Bean
    TargetGuard webhookTargetGuard(WebhookProperties properties) {
        return new TargetGuard(properties.allowPrivateTargets());
    }

    /** The callback URL a create request may name: callbacks on, a host on the list, an address the guard allows. */
    @Bean
    CallbackUrls callbackUrls(WebhookProperties properties, TargetGuard guard) {
        WebhookProperties.Callbacks callbacks = properties.callbacks();
        return url -> {
            if (!callbacks.enabled()) {
                throw new IllegalArgumentException("is not accepted: callbacks are off on this service "
                        + "(opentask.webhooks.callbacks.enabled)");
            }
            URI uri = TargetGuard.parse(url.trim());
            if (!TargetGuard.hostAllowed(uri.getHost(), callbacks.allowedHosts())) {
                throw new IllegalArgumentException("names host " + uri.getHost()
                        + ", which is not among the hosts callbacks may go to (opentask.webhooks.callbacks.allowed-hosts)");
            }
            return guard.check(uri.toString()).toString();
        };
    }

    @Bean
    SubscriptionTable subscriptionTable(SubscriptionRepository repository) {
        return new SubscriptionTable(repository);
    }

    @Bean
    DeliveryTable deliveryTable(JdbcClient jdbc, Clock clock) {
        return new DeliveryTable(jdbc, clock.getZone());
    }

    @Bean
    CallbackTable callbackTable(JdbcClient jdbc) {
        return new CallbackTable(jdbc);
    }

    @Bean
    SubscriptionCache subscriptionCache(SubscriptionTable table, Clock clock) {
        return new SubscriptionCache(table, clock, 1000);
    }

    @Bean
    WebhookSender webhookSender(DeliveryTable deliveries, PlatformTransactionManager transactions,
                                WebhookProperties properties, TargetGuard guard, Clock clock) {
        String callbackSecret = properties.callbacks().secret();
        return new WebhookSender(deliveries, new TransactionTemplate(transactions), properties, guard,
                new ReceiverCall(properties.connectTimeout(), properties.requestTimeout(), properties.excerptChars()),
                callbackSecret == null || callbackSecret.isBlank() ? null : WebhookSecret.parse(callbackSecret),
                clock);
    }

    @Bean
    Webhooks webhooks(SubscriptionTable subscriptions, DeliveryTable deliveries,
                      @Qualifier("jpaTransactionManager") PlatformTransactionManager transactions,
                      WebhookProperties properties, TargetGuard guard, Clock clock, SubscriptionCache cache,
                      WebhookSender sender) {
        return new Webhooks(subscriptions, deliveries, new TransactionTemplate(transactions), properties, guard, clock,
                cache::changed, sender::wake);
    }

    @Bean
    TaskEventWebhooks taskEventWebhooks(SubscriptionCache cache, DeliveryTable deliveries, CallbackTable callbacks,
                                        QueryGateway queries, JsonMapper json, WebhookProperties properties,
                                        WebhookSender sender) {
        return new TaskEventWebhooks(cache, deliveries, callbacks, queries, json, properties, sender::wake);
    }

    /**
     * A processor of its own. On its first run it starts at the events stored since this instance started: events
     * from before webhooks were installed are not sent, and none stored meanwhile is skipped even when the
     * processor's first token is written late (on MariaDB two processors' first tokens can deadlock, and the loser
     * writes its own a second later: started at "the head" then, it skipped what was stored in that second). Its
     * token is nobody else's: a replay or an analytics rebuild never moves it.
     */
    @Bean
    ConfigurerModule webhookProcessor(PolledEventSource events,
                                      @Value("${opentask.analytics.batch-size:512}") int batchSize) {
        Instant started = Instant.now();
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                TaskEventWebhooks.PROCESSING_GROUP,
                config -> events,
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(source -> source.createTokenAt(started))));
    }
}
