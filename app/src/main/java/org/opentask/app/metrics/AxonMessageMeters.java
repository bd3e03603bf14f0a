package org.opentask.app.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.QueryBus;

/**
 * Axon's messages measured as {@code axon-micrometer}'s dimensional monitors name them ({@code commandBus_*},
 * {@code eventStore_*}, {@code queryBus_*}, {@code eventProcessor_*{processorName}}, each by {@code payloadType}),
 * at a fraction of their cost: a message's meters are looked up once per payload type and kept, where Axon's
 * monitors ask the registry for every meter of every message (building its id and tags each time), and only what
 * an operator reads is kept: the handling time ({@code allTimer}: count, sum, max) and the outcomes
 * ({@code successCounter}, {@code failureCounter}, {@code ignoredCounter}). Axon's capacity monitors (a sorted
 * window of every message's time) and per-outcome timers are left out; a tracking processor's lag is
 * {@code opentask_event_processor_lag_*} ({@link ProcessorLag}). Measured in docs/operations.md ("What metrics cost").
 */
final class AxonMessageMeters implements MessageMonitor<Message<?>> {

    private final MeterRegistry registry;
    private final String name;
    private final Tags tags;
    private final ConcurrentMap<Class<?>, Meters> byPayloadType = new ConcurrentHashMap<>();

    private AxonMessageMeters(MeterRegistry registry, String name, Tags tags) {
        this.registry = registry;
        this.name = name;
        this.tags = tags;
    }

    /** The monitor of one of Axon's components, or none for those nobody reads (query update emitters, ...). */
    static MessageMonitor<Message<?>> of(MeterRegistry registry, Class<?> componentType, String componentName) {
        if (EventProcessor.class.isAssignableFrom(componentType)) {
            return new AxonMessageMeters(registry, "eventProcessor", Tags.of("processorName", componentName));
        }
        if (CommandBus.class.isAssignableFrom(componentType)) {
            return new AxonMessageMeters(registry, "commandBus", Tags.empty());
        }
        if (EventBus.class.isAssignableFrom(componentType)) {
            return new AxonMessageMeters(registry, "eventStore", Tags.empty());
        }
        if (QueryBus.class.isAssignableFrom(componentType)) {
            return new AxonMessageMeters(registry, "queryBus", Tags.empty());
        }
        return NoOpMessageMonitor.INSTANCE;
    }

    private record Meters(Timer all, Counter success, Counter failure, Counter ignored) {
    }

    private Meters meters(Class<?> payloadType) {
        Tags withType = tags.and("payloadType", payloadType.getSimpleName());
        return new Meters(Timer.builder(name + ".allTimer").tags(withType).register(registry),
                Counter.builder(name + ".successCounter").tags(withType).register(registry),
                Counter.builder(name + ".failureCounter").tags(withType).register(registry),
                Counter.builder(name + ".ignoredCounter").tags(withType).register(registry));
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Class<?> type = message.getPayloadType();
        Meters known = byPayloadType.get(type);
        Meters meters = known != null ? known : byPayloadType.computeIfAbsent(type, this::meters);
        long start = System.nanoTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                meters.success.increment();
                meters.all.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportFailure(Throwable cause) {
                meters.failure.increment();
                meters.all.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportIgnored() {
                meters.ignored.increment();
                meters.all.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
    }
}
