package org.opentask.app.lease;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.opentask.command.RetryBackoff;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Durable timers: Axon deadlines kept by db-scheduler in the {@code scheduled_tasks} table of the application's own
 * database. Every instance polls that table; db-scheduler marks a due timer picked with an optimistic row update
 * before running it, so with several instances on one database each timer fires on one of them, once, and a timer
 * set before a restart fires after it. Declared here rather than left to db-scheduler's Boot starter, which does not
 * configure itself on Boot 4.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LeaseProperties.class, RetryProperties.class, TimerProperties.class})
class TimerConfiguration {

    /** The db-scheduler task name under which Axon's deadline manager writes its deadlines. */
    static final String DEADLINE_TASK = "AxonDeadline";

    /** A timer whose handler fails (say, a concurrent change of its task) is tried again, then given up. */
    static final int MAX_ATTEMPTS = 8;

    /**
     * The scheduler writes through a transaction-aware proxy: a timer set or cancelled by a command joins the
     * command's transaction and commits with its events, or not at all.
     */
    @Bean
    Scheduler timerScheduler(DataSource dataSource, TimerProperties properties,
                             ObjectProvider<DbSchedulerDeadlineManager> deadlineManager,
                             ObjectProvider<SchedulerListener> listeners) {
        Task<DbSchedulerBinaryDeadlineDetails> axonDeadlines =
                DbSchedulerDeadlineManager.binaryTask(deadlineManager::getObject);
        OneTimeTask<DbSchedulerBinaryDeadlineDetails> deadlines =
                Tasks.oneTime(DEADLINE_TASK, DbSchedulerBinaryDeadlineDetails.class)
                        .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_ATTEMPTS,
                                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1))))
                        .execute((instance, context) -> axonDeadlines.execute(instance, context));
        SchedulerBuilder builder = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.of(deadlines))
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .heartbeatInterval(properties.schedulerHeartbeat())
                .shutdownMaxWait(properties.shutdownWait())
                .alwaysPersistTimestampInUTC();
        listeners.orderedStream().forEach(builder::addSchedulerListener);
        return builder.build();
    }

    @Bean
    DeadlineManager deadlineManager(Scheduler timerScheduler, org.axonframework.config.Configuration axon,
                                    @Qualifier("eventSerializer") Serializer serializer,
                                    TransactionManager transactionManager, JdbcClient jdbc) {
        return new TaskDeadlineManager(DbSchedulerDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(false)
                .stopScheduler(false), timerScheduler, jdbc);
    }

    /** Handed to the Task aggregate's handlers, which compute each automatic retry's time with it. */
    @Bean
    RetryBackoff retryBackoff(RetryProperties properties) {
        return new RetryBackoff(properties.baseDelay(), properties.maxDelay());
    }

    /** Timers start polling once everything else runs (the last phase), and stop first when the context closes. */
    @Bean
    TimerPolling timerLifecycle(Scheduler timerScheduler) {
        return new TimerPolling(timerScheduler);
    }

    /**
     * A db-scheduler {@link Scheduler} cannot start again once stopped, while a Spring context can be stopped and
     * started again (test contexts are paused between test classes that share them). So the scheduler starts
     * once, keeps polling while the context is merely stopped, and stops when the context closes: a
     * {@link ContextClosedEvent} comes before any bean is stopped or destroyed.
     */
    static final class TimerPolling implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

        private final Scheduler scheduler;
        private volatile boolean started;
        private volatile boolean running;

        TimerPolling(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public synchronized void start() {
            if (!started) {
                scheduler.start();
                started = true;
            }
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public synchronized void onApplicationEvent(ContextClosedEvent event) {
            running = false;
            if (started) {
                scheduler.stop();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE;
        }
    }
}
