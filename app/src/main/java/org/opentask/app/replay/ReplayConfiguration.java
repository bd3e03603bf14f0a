package org.opentask.app.replay;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.opentask.query.ProjectionReplay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the replay of the read models needs from the rest of the service. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    /** Commands wait while a replay swaps its tables in. */
    @Bean
    Registration commandHold(CommandBus commandBus, ProjectionReplay replay) {
        return commandBus.registerHandlerInterceptor(replay.commandHold());
    }

    /** Timers store events too (a lease running out, an automatic retry): they wait for a swap like commands. */
    @Bean
    Registration deadlineHold(DeadlineManager deadlineManager, ProjectionReplay replay) {
        return deadlineManager.registerHandlerInterceptor(replay.hold());
    }
}
