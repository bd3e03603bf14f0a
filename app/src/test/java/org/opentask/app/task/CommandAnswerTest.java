package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Every command answers with the task as the aggregate left it, without reading the read model back: the answer
 * must be exactly what {@code GET /api/tasks/{id}} shows right after, field for field and to the millisecond.
 */
class CommandAnswerTest extends ApiTest {

    private JsonNode answeredAsStored(ApiClient.Response answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode task = answer.json();
        assertThat(api.get("/api/tasks/" + task.get("id").asLong()).json()).as("GET after the answer").isEqualTo(task);
        return task;
    }

    @Test
    void every_command_answers_with_the_task_as_stored() {
        String bot = bot("answer");
        long id = answeredAsStored(api.post("/api/tasks", "{\"task_name\":\"t\",\"assigned_to\":\"" + bot
                + "\",\"task_description\":\"d\",\"task_params\":{\"a\":1},\"priority\":\"P0\",\"max_retry\":2,"
                + "\"timeout_seconds\":60,\"auto_retry\":true}")).get("id").asLong();
        answeredAsStored(api.put("/api/tasks/" + id, "{\"task_name\":\"renamed\",\"progress\":5}"));
        answeredAsStored(api.put("/api/tasks/" + id + "/start"));
        answeredAsStored(api.put("/api/tasks/" + id + "/heartbeat", "{\"progress\":40}"));
        JsonNode failed = answeredAsStored(api.put("/api/tasks/" + id + "/fail", "{\"error_message\":\"boom\"}"));
        assertThat(failed.get("next_retry_time").isNull()).as("an automatic retry waits").isFalse();
        JsonNode retried = answeredAsStored(api.put("/api/tasks/" + id + "/retry"));
        assertThat(retried.get("next_retry_time").isNull()).isTrue();
        JsonNode claimed = answeredAsStored(api.post("/api/tasks/claim?assigned_to=" + bot, null));
        assertThat(claimed.get("id").asLong()).isEqualTo(id);
        JsonNode completed = answeredAsStored(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}"));
        assertThat(completed.get("status").asString()).isEqualTo("completed");

        long other = api.createTask(bot, "to cancel", "P2");
        answeredAsStored(api.put("/api/tasks/" + other + "/cancel"));
    }
}
