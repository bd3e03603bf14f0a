package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.deadline.DeadlineManager;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The timers in use are db-scheduler's, in the database, started with the service. */
class TimerWiringTest extends TimerApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void deadlines_are_kept_by_db_scheduler_in_the_database() {
        assertThat(context.getBeansOfType(DeadlineManager.class).values())
                .singleElement().isInstanceOf(TaskDeadlineManager.class);
        Scheduler scheduler = context.getBean(Scheduler.class);
        assertThat(context.getBeansOfType(Scheduler.class)).hasSize(1);
        assertThat(scheduler.getSchedulerState().isStarted()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name <> ?", TimerConfiguration.DEADLINE_TASK))
                .isZero();
    }

    @Test
    void the_api_document_shows_the_heartbeat_call() {
        ApiClient.Response document = api.get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.text()).contains("/api/tasks/{id}/heartbeat");
    }
}
