package org.opentask.app.claim;

import org.axonframework.config.ConfigurerModule;
import org.opentask.query.ProcessingGroups;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClaimProperties.class)
class ClaimConfiguration {

    /** The claimers' wake-up is decided in the command's transaction, by the read models' own processor. */
    @Bean
    ConfigurerModule claimSignalsInTransaction() {
        return configurer -> configurer.eventProcessing(processing -> processing.assignProcessingGroup(
                ClaimSignals.PROCESSING_GROUP, ProcessingGroups.IN_TRANSACTION));
    }
}
