package org.opentask.app.stats;

import java.time.Duration;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.opentask.query.ProcessingGroups;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The task-analytics projection follows the event store on a tracking processor of its own, unlike the read
 * models bots read, which are written in the command's transaction. Statistics need no read-your-writes, so
 * commands neither wait for them nor fail with them; on its first start (a new install, or a database upgraded
 * to V5) the processor reads every stored event from the first, and a replay is a plain token reset.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsConfiguration {

    @Bean
    PolledEventSource analyticsEventSource(EventStorageEngine storage,
                                           @Value("${opentask.analytics.poll-interval:200ms}") Duration interval) {
        return new PolledEventSource(storage, interval);
    }

    @Bean
    ConfigurerModule analyticsProcessor(PolledEventSource analyticsEventSource) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                ProcessingGroups.TASK_ANALYTICS,
                config -> analyticsEventSource,
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(1000)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)));
    }
}
