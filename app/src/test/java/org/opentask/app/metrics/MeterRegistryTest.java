package org.opentask.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Every meter is recorded once, into the Prometheus registry: no second registry (Axon's Micrometer
 * auto-configuration used to add a {@code SimpleMeterRegistry} that nothing reads, and Spring Boot then wrapped both
 * in a composite, so that every timer and counter was recorded twice).
 */
class MeterRegistryTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry registry;

    @Test
    void the_service_records_into_one_prometheus_registry() {
        assertThat(context.getBeansOfType(MeterRegistry.class)).hasSize(1);
        assertThat(registry).isInstanceOf(PrometheusMeterRegistry.class);
        api.createTask(bot("registry"), "measured once", "P2");
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> assertThat(meter.getClass().getName())
                .as(meter.getId().toString()).doesNotContain(".composite."));
        Meter created = registry.find("opentask.task.events").tag("event", "created").counter();
        assertThat(created).isNotNull();
    }
}
