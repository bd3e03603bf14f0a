package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.deadline.DeadlineManager;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;

/** Leases end by the sweep over the task rows, started with the service; no timer table, no deadline manager. */
class TimerWiringTest extends TimerApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void the_lease_sweep_runs_and_no_deadline_manager_is_left() {
        assertThat(context.getBean(LeaseSweep.class).isRunning()).isTrue();
        assertThat(context.getBeansOfType(DeadlineManager.class)).isEmpty();
        assertThatThrownBy(() -> count("SELECT COUNT(*) FROM scheduled_tasks"))
                .as("the timers' table is gone").isInstanceOf(DataAccessException.class);
    }

    @Test
    void the_api_document_shows_the_heartbeat_call() {
        ApiClient.Response document = api.get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.text()).contains("/api/tasks/{id}/heartbeat");
    }
}
