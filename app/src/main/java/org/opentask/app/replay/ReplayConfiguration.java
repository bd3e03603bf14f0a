package org.opentask.app.replay;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.queryhandling.QueryBus;
import org.opentask.query.ProjectionReplay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the replay of the read models needs from the rest of the service. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    /** Commands wait while a replay swaps its tables in: the lease sweep's too, which are commands like any other. */
    @Bean
    Registration commandHold(CommandBus commandBus, ProjectionReplay replay) {
        return commandBus.registerHandlerInterceptor(replay.commandHold());
    }

    /** Queries wait while a swap that renames one table at a time (H2) runs, so that none finds a table missing. */
    @Bean
    Registration queryHold(QueryBus queryBus, ProjectionReplay replay) {
        return queryBus.registerHandlerInterceptor(replay.queryHold());
    }
}
