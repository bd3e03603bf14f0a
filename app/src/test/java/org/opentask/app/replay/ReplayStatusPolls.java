package org.opentask.app.replay;

import org.opentask.app.ApiClient;
import tools.jackson.databind.JsonNode;

/** The replay's status, asked again and again through one instance's API until the replay is no longer running. */
final class ReplayStatusPolls {

    private ReplayStatusPolls() {
    }

    /** The status once it is not {@code running}, or the last one seen after five minutes. */
    static JsonNode untilEnded(ApiClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        JsonNode status = client.get("/api/admin/replay").json();
        while (status.get("state").asString().equals("running") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            status = client.get("/api/admin/replay").json();
        }
        return status;
    }
}
