package org.opentask.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rebuild of {@code bot_task} and {@code bot_task_log} from the event store gives the same rows, row for row,
 * including the audit rows' ids. The rebuild is Axon's own replay: a tracking processor over the very handlers
 * the live (subscribing) processor calls, reset from the head of the event store back to its first event, which
 * calls the projections' {@code @ResetHandler}s and then streams every stored event to them in global order.
 * The whole shared database is rebuilt, so the rows of every other test's tasks must survive it too.
 */
class ProjectionRebuildTest extends ApiTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @Test
    void a_rebuild_from_the_events_gives_the_same_rows() {
        String anna = bot("anna");
        String cc = bot("cc");
        long done = api.createTask(anna, "report", "P1");
        api.put("/api/tasks/" + done, "{\"task_description\":\"numbers\",\"progress\":10,\"priority\":\"P0\"}");
        api.put("/api/tasks/" + done + "/start");
        api.put("/api/tasks/" + done + "/fail", "{\"error_message\":\"timeout\"}");
        api.put("/api/tasks/" + done + "/retry");
        api.put("/api/tasks/" + done + "/start");
        api.put("/api/tasks/" + done + "/complete", "{\"result\":\"" + "r".repeat(800) + "\"}");
        long cancelled = api.createTask(cc, "cleanup", "P2");
        api.send(api.request("/api/tasks/" + cancelled + "/cancel").header("X-Operator", "ops-alice")
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
        long deleted = api.createTask(cc, "obsolete", "P2");
        api.delete("/api/tasks/" + deleted);
        long big = api.createTask(anna, "big", "P2");
        api.put("/api/tasks/" + big, "{\"task_description\":\"" + "x".repeat(200 * 1024) + "\"}");
        api.createTask(anna, "waiting", "P0");

        List<Map<String, Object>> tasks = Tables.dump(jdbc, "bot_task");
        List<Map<String, Object>> log = Tables.dump(jdbc, "bot_task_log");
        assertThat(log).extracting(row -> row.get("task_id")).contains(done, cancelled, deleted, big);

        // damage both tables, so that only a real reset and replay can give the rows back
        jdbc.sql("UPDATE bot_task SET task_name = 'damaged', status = 'failed' WHERE id = ?").param(done).update();
        jdbc.sql("DELETE FROM bot_task WHERE id = ?").param(cancelled).update();
        jdbc.sql("INSERT INTO bot_task_log (id, task_id, action, operator, created_time)"
                + " VALUES (-1, -1, 'stray', 'nobody', CURRENT_TIMESTAMP)").update();
        jdbc.sql("UPDATE bot_task_log SET operator = 'damaged' WHERE task_id = ?").param(done).update();

        rebuild("bot-task");
        rebuild("bot-task-log");

        assertThat(Tables.differences(tasks, Tables.dump(jdbc, "bot_task"))).as("bot_task").isEmpty();
        assertThat(Tables.differences(log, Tables.dump(jdbc, "bot_task_log"))).as("bot_task_log").isEmpty();
        assertThat(api.get("/api/tasks/" + done).json().get("task_name").asString()).isEqualTo("report");
    }

    /**
     * Replays every stored event into the handlers of the processor that runs the group (with the groups sharing
     * it): a tracking processor with a token at the head of the event store is reset (Axon calls the
     * {@code @ResetHandler}s) and runs until the replay passes the head again.
     */
    private void rebuild(String processingGroup) {
        EventHandlerInvoker handlers = processing
                .eventProcessorByProcessingGroup(processingGroup, AbstractEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + processingGroup))
                .eventHandlerInvoker();
        String name = processingGroup + "-rebuild";
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head.position().orElseThrow();
        tokens.initializeTokenSegments(name, 1, head);
        TrackingEventProcessor replay = TrackingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(handlers)
                .messageSource(eventStore)
                .tokenStore(tokens)
                .transactionManager(transactionManager)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(200))
                .build();
        replay.resetTokens();
        replay.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                EventTrackerStatus status = replay.processingStatus().get(0);
                if (status != null && status.isErrorState()) {
                    throw new AssertionError("the replay of " + processingGroup + " failed", status.getError());
                }
                // the replay is done once it has handled the event that was the head when it began
                if (status != null && status.isCaughtUp()
                        && status.getCurrentPosition().orElse(-1) >= headPosition) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the replay of " + processingGroup + " did not finish: " + status);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            replay.shutDown();
        }
    }
}
