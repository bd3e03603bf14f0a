package org.opentask.app.lease;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.opentask.command.RetryBackoff;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Leases, automatic retries and the sweep that ends the one and starts the other. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LeaseProperties.class, RetryProperties.class, TimerProperties.class})
class TimerConfiguration {

    /** Handed to the Task aggregate's handlers, which compute each automatic retry's time with it. */
    @Bean
    RetryBackoff retryBackoff(RetryProperties properties) {
        return new RetryBackoff(properties.baseDelay(), properties.maxDelay());
    }

    @Bean
    LeaseSweep leaseSweep(QueryGateway queries, CommandGateway commands, Clock clock, TimerProperties properties,
                          MeterRegistry registry) {
        return new LeaseSweep(queries, commands, clock, properties.pollingInterval(), properties.batchSize(),
                registry);
    }
}
