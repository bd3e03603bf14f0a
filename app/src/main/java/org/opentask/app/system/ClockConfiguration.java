package org.opentask.app.system;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's time zone ({@code opentask.time-zone}, default the JVM's), in which the API shows times and the
 * statistics count days, and the clock every "now" of the service is read from. The service's own settings,
 * {@link OpenTaskProperties}, are bound here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenTaskProperties.class)
class ClockConfiguration {

    @Bean
    ZoneId serverZone(OpenTaskProperties properties) {
        return properties.zone();
    }

    @Bean
    Clock clock(ZoneId serverZone) {
        return Clock.system(serverZone);
    }
}
