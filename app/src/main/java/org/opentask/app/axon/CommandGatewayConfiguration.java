package org.opentask.app.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway the controllers send commands through (Axon's default, retrying a lost race with another instance),
 * and how a command names its task ({@link CommandTargets}).
 */
@Configuration(proxyBeanMethods = false)
class CommandGatewayConfiguration {

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrentChangeRetry())
                .build();
    }

    /** Named by the Task aggregate's {@code @Aggregate(commandTargetResolver = ...)}. */
    @Bean
    CommandTargetResolver taskTargets() {
        return new CommandTargets();
    }
}
