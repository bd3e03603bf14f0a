package org.opentask.app.webhook;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.opentask.app.system.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the due deliveries. One thread looks for them (woken when the processor has written some, else at least
 * once a second) and claims each with a conditional UPDATE, so of several instances exactly one makes an
 * attempt; a bounded pool of {@code sender-threads} makes the attempts, at most {@code per-target-concurrency} of
 * them to one target at a time, so a receiver that hangs holds a few threads for a timeout and no more. A failed
 * attempt is tried again after an exponential backoff with jitter, until the delivery's retry window closes.
 */
final class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final long IDLE_LOOK_MILLIS = 1000;

    private final DeliveryTable deliveries;
    private final TransactionTemplate transaction;
    private final WebhookProperties properties;
    private final TargetGuard guard;
    private final ReceiverCall call;
    private final WebhookSecret callbackSecret;
    private final Clock clock;
    private final String owner = "sender-" + UUID.randomUUID();
    private final Semaphore free;
    private final Map<String, AtomicInteger> perTarget = new ConcurrentHashMap<>();
    /** The URLs of the attempts under way, and how many to each. */
    private final Map<String, AtomicInteger> perUrl = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private ExecutorService pool;
    private Thread looker;

    WebhookSender(DeliveryTable deliveries, TransactionTemplate transaction, WebhookProperties properties,
                  TargetGuard guard, ReceiverCall call, WebhookSecret callbackSecret, Clock clock) {
        this.deliveries = deliveries;
        this.transaction = transaction;
        this.properties = properties;
        this.guard = guard;
        this.call = call;
        this.callbackSecret = callbackSecret;
        this.clock = clock;
        this.free = new Semaphore(properties.senderThreads());
    }

    /** Something may be due now: look at once. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        pool = Executors.newFixedThreadPool(properties.senderThreads(), DaemonThreads.numbered("webhook-sender-"));
        running = true;
        looker = DaemonThreads.named("webhook-looker").newThread(this::look);
        looker.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            looker.join(5000);
            pool.shutdown();
            if (!pool.awaitTermination(properties.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            deliveries.release(owner);
        } catch (RuntimeException e) {
            log.warn("Could not give back the deliveries this instance held; they are free again when their "
                    + "claims run out", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void look() {
        while (running) {
            long sleep = IDLE_LOOK_MILLIS;
            try {
                sleep = sendDue();
            } catch (RuntimeException e) {
                log.warn("Looking for due webhook deliveries failed; looking again in a second", e);
            }
            synchronized (signal) {
                if (!woken && running && sleep > 0) {
                    try {
                        signal.wait(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** Claims and starts what is due and can be sent now; answers how long to wait before looking again. */
    private long sendDue() {
        int capacity = free.availablePermits();
        if (capacity == 0) {
            return IDLE_LOOK_MILLIS;
        }
        long now = clock.millis();
        int window = Math.max(50, capacity * 4);
        List<DeliveryTable.Due> due = deliveries.due(now, window, busyUrls());
        boolean skipped = false;
        for (DeliveryTable.Due delivery : due) {
            String target = target(delivery.url());
            AtomicInteger busy = perTarget.computeIfAbsent(target, t -> new AtomicInteger());
            if (busy.get() >= properties.perTargetConcurrency()) {
                skipped = true;
                continue;
            }
            if (!free.tryAcquire()) {
                return IDLE_LOOK_MILLIS;
            }
            if (!deliveries.claim(delivery.id(), owner, now, now + claimMillis())) {
                free.release();
                continue;
            }
            busy.incrementAndGet();
            AtomicInteger toUrl = perUrl.computeIfAbsent(delivery.url(), u -> new AtomicInteger());
            toUrl.incrementAndGet();
            pool.execute(() -> {
                try {
                    attempt(delivery.id());
                } catch (RuntimeException e) {
                    log.warn("Webhook delivery {} could not be attempted; it is tried again when its claim runs out",
                            delivery.id(), e);
                } finally {
                    toUrl.decrementAndGet();
                    busy.decrementAndGet();
                    free.release();
                    wake();
                }
            });
        }
        if (due.size() == window || skipped) {
            return IDLE_LOOK_MILLIS / 4;
        }
        Optional<Long> next = deliveries.nextDue();
        return next.map(at -> Math.max(1, Math.min(IDLE_LOOK_MILLIS, at - clock.millis()))).orElse(IDLE_LOOK_MILLIS);
    }

    /** The URLs of targets that take no more attempts now. */
    private Set<String> busyUrls() {
        Set<String> busy = new HashSet<>();
        perUrl.forEach((url, count) -> {
            if (count.get() > 0 && perTarget.getOrDefault(target(url), new AtomicInteger()).get()
                    >= properties.perTargetConcurrency()) {
                busy.add(url);
            }
        });
        return busy;
    }

    /** Long enough that an attempt under way always ends first: then another instance may try it. */
    private long claimMillis() {
        return properties.connectTimeout().toMillis() + properties.requestTimeout().toMillis() + 30_000;
    }

    private void attempt(long id) {
        Optional<DeliveryTable.Outgoing> found = deliveries.outgoing(id);
        if (found.isEmpty()) {
            return;
        }
        DeliveryTable.Outgoing delivery = found.get();
        long started = clock.millis();
        long startedNanos = System.nanoTime();
        ReceiverCall.Outcome outcome;
        try {
            URI url = guard.check(delivery.url());
            WebhookSecret secret = delivery.subscriptionId() == null ? callbackSecret
                    : WebhookSecret.parse(delivery.secret());
            long timestamp = started / 1000;
            outcome = secret == null ? ReceiverCall.error("no secret to sign with: callbacks are not configured")
                    : call.post(url, delivery.messageId(), timestamp,
                            secret.sign(delivery.messageId(), timestamp, delivery.body()), delivery.body());
        } catch (IllegalArgumentException e) {
            outcome = ReceiverCall.error("refused: the url " + e.getMessage());
        }
        int took = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
        long ended = clock.millis();
        String status;
        Long next = null;
        if (outcome.delivered()) {
            status = DeliveryTable.DELIVERED;
        } else {
            long at = ended + backoff(delivery.attempts() + 1);
            if (at > delivery.retryUntilMillis()) {
                status = DeliveryTable.FAILED;
            } else {
                status = DeliveryTable.PENDING;
                next = at;
            }
        }
        DeliveryTable.Attempt attempt = new DeliveryTable.Attempt(started, outcome.statusCode(), took,
                outcome.error(), outcome.excerpt());
        String finalStatus = status;
        Long nextAttempt = next;
        transaction.executeWithoutResult(tx -> deliveries.recordAttempt(id, owner, attempt, finalStatus, nextAttempt));
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: the first step doubled for each attempt before,
     * capped, and then a random point in its upper half, so that receivers coming back are not hit all at once.
     */
    long backoff(int attempts) {
        long first = properties.firstRetryDelay().toMillis();
        long cap = properties.maxRetryDelay().toMillis();
        long step = attempts > 20 ? cap : Math.min(cap, first << Math.max(0, attempts - 1));
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }

    /** Where a URL sends: scheme, host and port. */
    static String target(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
