package org.opentask.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.opentask.api.Priority;
import org.opentask.api.TaskCompletedEvent;
import org.opentask.api.TaskCreatedEvent;
import org.opentask.api.TaskFailedEvent;
import org.opentask.api.TaskRetriedEvent;
import org.opentask.api.TaskStartedEvent;
import org.opentask.api.TaskStatus;
import org.opentask.api.TaskTiming;
import org.opentask.api.TaskUpdatedEvent;

/** The seeded rows must be the rows the service writes: these expectations were copied from its tables. */
class SeedFormatsTest {

    @Test
    void payloadsAreTheServicesJson() {
        assertThat(text(SeedFormats.payload(new TaskCreatedEvent(1, "t1", "d", "{\"a\":1}", "anna", Priority.P2, 3,
                "hope", "hope", TaskTiming.NONE))))
                .isEqualTo("{\"taskId\":1,\"taskName\":\"t1\",\"taskDescription\":\"d\",\"taskParams\":\"{\\\"a\\\":1}\","
                        + "\"assignedTo\":\"anna\",\"priority\":\"P2\",\"maxRetry\":3,\"createdBy\":\"hope\","
                        + "\"operator\":\"hope\",\"timing\":{\"timeoutSeconds\":0,\"autoRetry\":false,"
                        + "\"notBefore\":null,\"jitterSeed\":0},\"callbackUrl\":null}");
        assertThat(text(SeedFormats.payload(new TaskUpdatedEvent(1, null, null, null, null, null, 50,
                TaskStatus.RUNNING, "hope"))))
                .isEqualTo("{\"taskId\":1,\"taskName\":null,\"taskDescription\":null,\"taskParams\":null,"
                        + "\"assignedTo\":null,\"priority\":null,\"progress\":50,\"status\":\"RUNNING\","
                        + "\"operator\":\"hope\"}");
        assertThat(text(SeedFormats.payload(new TaskRetriedEvent(1, 1, 3, "hope"))))
                .isEqualTo("{\"taskId\":1,\"retryCount\":1,\"maxRetry\":3,\"operator\":\"hope\"}");
        assertThat(SeedFormats.payloadType(new TaskStartedEvent(1, "anna", "anna", null)))
                .isEqualTo("org.opentask.api.TaskStartedEvent");
    }

    @Test
    void timeStampsAreAxonsUtcTextWithMilliseconds() {
        assertThat(SeedFormats.timeStamp(Instant.parse("2026-11-25T11:34:12.719Z")))
                .isEqualTo("2026-11-25T11:34:12.719Z");
        assertThat(SeedFormats.timeStamp(Instant.parse("2026-11-25T11:34:12Z")))
                .isEqualTo("2026-11-25T11:34:12.000Z");
    }

    @Test
    void auditRowsAreTheProjectionsRows() {
        assertThat(SeedFormats.logRow(new TaskCreatedEvent(1, "t1", "d", null, "anna", Priority.P2, 3, "hope",
                "hope", TaskTiming.NONE)))
                .isEqualTo(new SeedFormats.LogRow("create", "created for anna (P2): t1", null, "pending", "hope"));
        assertThat(SeedFormats.logRow(new TaskStartedEvent(1, "anna", "anna", null)))
                .isEqualTo(new SeedFormats.LogRow("start", "started by anna", "pending", "running", "anna"));
        assertThat(SeedFormats.logRow(new TaskUpdatedEvent(1, null, null, null, null, null, 50, TaskStatus.RUNNING,
                "hope")))
                .isEqualTo(new SeedFormats.LogRow("update", "updated progress=50", "running", "running", "hope"));
        assertThat(SeedFormats.logRow(new TaskFailedEvent(1, "boom", "anna")))
                .isEqualTo(new SeedFormats.LogRow("fail", "failed: boom", "running", "failed", "anna"));
        assertThat(SeedFormats.logRow(new TaskRetriedEvent(1, 1, 3, "hope")))
                .isEqualTo(new SeedFormats.LogRow("retry", "retry 1 of 3", "failed", "pending", "hope"));
        assertThat(SeedFormats.logRow(new TaskCompletedEvent(1, "done", "anna")))
                .isEqualTo(new SeedFormats.LogRow("complete", "completed: done", "running", "completed", "anna"));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
