package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.api.BotsApi;
import org.openapitools.client.api.HistoryApi;
import org.openapitools.client.api.LifecycleApi;
import org.openapitools.client.api.TasksApi;
import org.openapitools.client.model.CompleteTask;
import org.openapitools.client.model.CreateTask;
import org.openapitools.client.model.Heartbeat;
import org.openapitools.client.model.TaskLogEntry;
import org.openapitools.client.model.TaskView;

/**
 * The Java client that the OpenAPI Generator writes from the service's own document (exported and generated in the
 * build, see app/pom.xml), run as its users would run it against the real service: a bot's full heartbeat.
 */
class GeneratedClientTest extends ApiTest {

    private TasksApi tasks;
    private BotsApi bots;
    private LifecycleApi lifecycle;
    private HistoryApi history;

    @BeforeEach
    void generatedClient() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(org.opentask.app.ApiClient.baseUrl(port));
        client.setRequestInterceptor(request -> request.header("X-Bot-Key", org.opentask.app.ApiClient.KEY));
        tasks = new TasksApi(client);
        bots = new BotsApi(client);
        lifecycle = new LifecycleApi(client);
        history = new HistoryApi(client);
    }

    @Test
    void create_claim_heartbeat_complete_and_read_the_log() throws ApiException {
        String bot = bot("generated");

        TaskView created = tasks.createTask(new CreateTask().taskName("write the weekly report").assignedTo(bot)
                .priority(CreateTask.PriorityEnum.P1).taskParams(Map.of("week", 47)).timeoutSeconds(600), null, null);
        TaskView claimed = bots.claimTask(bot, 0, null);
        TaskView beating = bots.heartbeatTask(claimed.getId(), null, new Heartbeat().progress(40));
        TaskView completed = lifecycle.completeTask(claimed.getId(), null, new CompleteTask().result("3 pages"));
        List<TaskLogEntry> log = history.listTaskLog(created.getId(), null);

        assertThat(created.getStatus()).isEqualTo(TaskView.StatusEnum.PENDING);
        assertThat(created.getTaskParams()).isEqualTo("{\"week\":47}");
        assertThat(created.getCreatedTime()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(claimed.getId()).isEqualTo(created.getId());
        assertThat(claimed.getStatus()).isEqualTo(TaskView.StatusEnum.RUNNING);
        assertThat(beating.getProgress()).isEqualTo(40);
        assertThat(beating.getLeaseExpiresTime()).isNotNull();
        assertThat(completed.getStatus()).isEqualTo(TaskView.StatusEnum.COMPLETED);
        assertThat(completed.getResult()).isEqualTo("3 pages");
        assertThat(completed.getProgress()).isEqualTo(100);
        assertThat(log).extracting(TaskLogEntry::getAction).containsSubsequence("complete", "start", "create");
        assertThat(log.get(0).getNewStatus()).isEqualTo(TaskLogEntry.NewStatusEnum.COMPLETED);
    }

    @Test
    void no_task_is_204_and_errors_are_the_documented_problems() throws ApiException {
        String bot = bot("generated-idle");

        assertThat(bots.claimTask(bot, 0, null)).isNull();
        assertThat(bots.claimTaskWithHttpInfo(bot, 0, null).getStatusCode()).isEqualTo(204);
        assertThatThrownBy(() -> tasks.getTask(987654321L, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"detail\"");
                });
        TaskView pending = tasks.createTask(new CreateTask().taskName("not yet").assignedTo(bot), null, null);
        assertThatThrownBy(() -> lifecycle.completeTask(pending.getId(), null, new CompleteTask().result("early")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
}
