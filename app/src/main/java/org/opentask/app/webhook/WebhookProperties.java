package org.opentask.app.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhooks, {@code opentask.webhooks.*}; see {@code docs/webhooks.md}.
 *
 * @param allowPrivateTargets  whether target URLs may resolve to private, loopback or link-local addresses
 * @param pollInterval         how often the webhook processor looks for new events in the store
 * @param senderThreads        how many deliveries are sent at once, by all targets together
 * @param perTargetConcurrency how many of them may wait on one target (scheme, host and port) at once
 * @param connectTimeout       how long a connection to a receiver may take
 * @param requestTimeout       how long a receiver may take to answer, body included
 * @param firstRetryDelay      the backoff step after the first failed attempt; each further one doubles it
 * @param maxRetryDelay        the cap of the backoff step
 * @param retryFor             how long after its event a delivery is tried before it is marked failed
 * @param excerptChars         how much of a receiver's answer is kept with the attempt
 * @param callbacks            the callback URL a task may name when it is created
 */
@ConfigurationProperties("opentask.webhooks")
record WebhookProperties(@DefaultValue("false") boolean allowPrivateTargets,
                         @DefaultValue("200ms") Duration pollInterval,
                         @DefaultValue("8") int senderThreads,
                         @DefaultValue("2") int perTargetConcurrency,
                         @DefaultValue("3s") Duration connectTimeout,
                         @DefaultValue("10s") Duration requestTimeout,
                         @DefaultValue("5s") Duration firstRetryDelay,
                         @DefaultValue("1h") Duration maxRetryDelay,
                         @DefaultValue("3d") Duration retryFor,
                         @DefaultValue("500") int excerptChars,
                         @DefaultValue Callbacks callbacks) {

    WebhookProperties {
        if (senderThreads < 1 || perTargetConcurrency < 1) {
            throw new IllegalArgumentException("opentask.webhooks needs sender-threads and per-target-concurrency "
                    + ">= 1, got " + senderThreads + " and " + perTargetConcurrency);
        }
        if (firstRetryDelay.toMillis() <= 0 || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("opentask.webhooks needs 0 < first-retry-delay <= max-retry-delay, got "
                    + firstRetryDelay + " and " + maxRetryDelay);
        }
        if (excerptChars < 0 || excerptChars > 1000) {
            throw new IllegalArgumentException("opentask.webhooks.excerpt-chars must be 0..1000, got " + excerptChars);
        }
    }

    /**
     * @param enabled      whether a create request may name a {@code callback_url}
     * @param allowedHosts the hosts such a URL may name (exactly, or {@code *.example.com} for its subdomains)
     * @param secret       the Standard Webhooks secret ({@code whsec_...}) callbacks are signed with
     */
    record Callbacks(@DefaultValue("false") boolean enabled,
                     @DefaultValue List<String> allowedHosts,
                     String secret) {

        Callbacks {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            if (enabled && (secret == null || secret.isBlank())) {
                throw new IllegalArgumentException("opentask.webhooks.callbacks.enabled needs "
                        + "opentask.webhooks.callbacks.secret (whsec_<base64>)");
            }
        }
    }
}
