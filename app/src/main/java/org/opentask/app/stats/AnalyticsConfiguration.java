package org.opentask.app.stats;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.opentask.app.axon.PolledEventSource;
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

    /**
     * A batch is at most a look of the reader ({@link PolledEventSource}): {@code opentask.analytics.batch-size}
     * events and about {@code opentask.analytics.look-size} of stored payload, which bounds the memory the analytics
     * take however large the events.
     */
    @Bean
    ConfigurerModule analyticsProcessor(PolledEventSource events,
                                        @Value("${opentask.analytics.batch-size:512}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                ProcessingGroups.TASK_ANALYTICS,
                config -> events,
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)));
    }
}
