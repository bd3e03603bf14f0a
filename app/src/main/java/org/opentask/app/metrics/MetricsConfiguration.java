package org.opentask.app.metrics;

import java.time.Clock;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.ObservationRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import org.axonframework.common.Registration;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.app.bot.BotPresence;
import org.opentask.app.security.ApiKeys;
import org.opentask.app.system.FilterOrder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The service's own metrics, beside those Spring Boot (HTTP, JVM, connection pools) and Axon (command handling,
 * event processors) publish: task events counted as they commit, and the fleet's state read from the read model
 * when Prometheus scrapes (docs/operations.md lists them all). The metrics observe the other features; none of them
 * calls into this package.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsConfiguration {

    /**
     * Axon's message timers (command bus, event store, query bus, each processor) keep count, sum and maximum, not
     * quantiles computed in the service: those fed a rolling histogram on every message of every processor and
     * added six series per timer to each scrape, and no quantile of one instance can be summed across instances
     * anyway. Rates and means come from count and sum (the dashboard's command handling time does).
     */
    @Bean
    MeterFilter axonTimersWithoutQuantiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && isAxonMonitor(id.getName())) {
                    return DistributionStatisticConfig.builder().percentiles().percentilesHistogram(false).build()
                            .merge(config);
                }
                return config;
            }
        };
    }

    static boolean isAxonMonitor(String name) {
        return name.startsWith("commandBus.") || name.startsWith("eventStore.") || name.startsWith("queryBus.")
                || name.startsWith("eventProcessor.");
    }

    /**
     * Axon's messages measured by {@link AxonMessageMeters} instead of {@code axon-micrometer}'s own monitors
     * (this bean takes the place of the one Axon's auto-configuration would make): the same names and tags, a
     * fraction of the cost per message. {@code axon.metrics.auto-configuration.enabled=false} switches them off
     * with Axon's.
     */
    @Bean
    @ConditionalOnProperty(name = "axon.metrics.auto-configuration.enabled", matchIfMissing = true)
    MetricsConfigurerModule metricsConfigurerModule(MeterRegistry registry) {
        return new MetricsConfigurerModule(new GlobalMetricRegistry(registry), true) {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.configureMessageMonitor(configuration -> (componentType, componentName) ->
                        AxonMessageMeters.of(registry, componentType, componentName));
            }
        };
    }

    /**
     * Spring Security's observations wrap every filter of the chain on every call in an observation of its own; the
     * API's security is one key check, counted by the HTTP metrics' status (401, 403, 429) already.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Requests timed by {@link HttpServerRequests}, on the request's dispatch and its async answer's, as Spring Boot
     * registers its observation filter.
     */
    @Bean
    FilterRegistrationBean<HttpServerRequests> httpServerRequests(MeterRegistry registry) {
        FilterRegistrationBean<HttpServerRequests> registration =
                FilterOrder.HTTP_SERVER_REQUESTS.register(new HttpServerRequests(registry));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /**
     * Spring's observation filter, registered and switched off: its presence makes Spring Boot's auto-configuration
     * leave it out, {@link HttpServerRequests} publishes its meter.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter() {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
        registration.setEnabled(false);
        return registration;
    }

    /** Every event this instance stores passes the counters on its way to the store. */
    @Bean
    Registration taskEventCounters(EventStore eventStore, MeterRegistry registry) {
        return eventStore.registerDispatchInterceptor(new TaskEventCounters(registry));
    }

    /** The gauges read at scrape time, where a Prometheus registry exists (the export can be switched off). */
    @Bean
    SmartInitializingSingleton scrapeTimeGauges(ObjectProvider<PrometheusRegistry> prometheus, QueryGateway queries,
                                                ApiKeys keys, BotPresence presence, Clock clock,
                                                MetricsProperties properties,
                                                EventProcessingConfiguration processing, JdbcClient jdbc) {
        return () -> prometheus.ifAvailable(registry -> {
            registry.register(new FleetGauges(queries, () -> Set.copyOf(keys.botNames()), presence::lastSeen, clock,
                    properties));
            registry.register(new ProcessorLag(processing, jdbc, clock));
        });
    }
}
