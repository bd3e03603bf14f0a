package org.opentask.app.availability;

import java.time.Clock;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.opentask.app.system.FilterOrder;
import org.opentask.query.ProjectionReplay;
import org.springframework.beans.factory.annotation.Qualifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness and the database going away: the watch, the 503 it answers with while the database is away, and the
 * two health indicators readiness adds to Spring Boot's own state ({@code management.endpoint.health.group.*}).
 * Liveness is the process alone: a pod is not restarted because its database is away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AvailabilityProperties.class)
class AvailabilityConfiguration {

    @Bean
    DatabaseWatch databaseWatch(List<HikariDataSource> pools,
                                @Qualifier("autocommitDataSource") HikariDataSource autocommit, Clock clock,
                                AvailabilityProperties properties) {
        return new DatabaseWatch(pools, autocommit, clock, properties.watchInterval(), properties.retryInterval());
    }

    @Bean
    FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(DatabaseWatch watch,
                                                                                 AvailabilityProperties properties) {
        return FilterOrder.DATABASE_UNAVAILABLE.register(
                new DatabaseUnavailableFilter(watch, properties.retryAfterSeconds()));
    }

    /**
     * {@code opentask_ready}: 1 while readiness is up (the database reachable, no replay holding commands, the
     * application accepting traffic), for alerts; and {@code opentask_database_reachable}.
     */
    @Bean
    MeterBinder readinessGauges(DatabaseWatch watch, ProjectionReplay replay, ApplicationAvailability availability) {
        return registry -> {
            Gauge.builder("opentask.database.reachable", watch, w -> w.reachable() ? 1 : 0)
                    .description("1 while the database answers, as the database watch saw it last").register(registry);
            Gauge.builder("opentask.ready", watch, w -> w.reachable() && !replay.holdsCommands()
                            && availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? 1 : 0)
                    .description("1 while the readiness probe is up").register(registry);
        };
    }

    /** {@code database}: what the watch saw last; no connection is taken on a probe. */
    @Bean
    HealthIndicator databaseHealthIndicator(DatabaseWatch watch) {
        return () -> (watch.reachable() ? Health.up() : Health.down().withDetail("error", String.valueOf(watch.lastError())))
                .withDetail("since", watch.since().toString()).build();
    }

    /** {@code replay}: down while a replay swaps its tables in and holds this instance's commands. */
    @Bean
    HealthIndicator replayHealthIndicator(ProjectionReplay replay) {
        return () -> replay.holdsCommands() ? Health.outOfService().withDetail("replay", "swapping tables").build()
                : Health.up().build();
    }
}
