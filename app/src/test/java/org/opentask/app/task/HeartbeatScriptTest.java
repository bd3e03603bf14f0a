package org.opentask.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The contract's bot heartbeat, run as the real bash script it is, with curl and python3, against the running
 * service. {@code heartbeat.sh} is the contract's block as it stands; where the contract is at hand (the
 * {@code shared} folder beside the checkout), the copy is checked against it.
 */
class HeartbeatScriptTest extends ApiTest {

    /** The bot the contract's script asks for. */
    private static final String BOT = "anna";

    private static String script() throws IOException {
        try (InputStream in = HeartbeatScriptTest.class.getResourceAsStream("/heartbeat.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_copy_of_the_script_is_the_contracts_block_unchanged() throws IOException {
        Path contract = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && contract == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/CONTRACT.md");
            if (Files.isRegularFile(candidate)) {
                contract = candidate;
            }
        }
        if (contract == null) {
            return; // a checkout without the contract beside it: nothing to compare with
        }
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(contract));
        String last = null;
        while (block.find()) {
            last = block.group(1);
        }
        assertThat(script()).isEqualTo(last);
    }

    @Test
    void the_contracts_heartbeat_script_starts_and_completes_annas_next_task() throws Exception {
        // the script takes anna's first pending task: leave it only the one this test creates
        for (JsonNode task : api.get("/api/tasks/pending?assigned_to=" + BOT).json().values()) {
            api.put("/api/tasks/" + task.get("id").asLong() + "/cancel");
        }
        long later = api.createTask(BOT, "later", "P2");
        long id = api.createTask(BOT, "heartbeat work", "P0");

        // The script runs unchanged but for its port: the contract's 8090 is the service's default, while this
        // test's service listens on a random port so that test runs and a service on 8090 do not collide.
        String script = script().replace("http://127.0.0.1:8090/", "http://127.0.0.1:" + port + "/");
        assertThat(script).doesNotContain("8090");
        Path file = Files.createTempFile("heartbeat", ".sh");
        try {
            Files.writeString(file, script);
            ProcessBuilder bash = new ProcessBuilder(List.of("bash", file.toString())).redirectErrorStream(true);
            bash.environment().put("KEY", ApiClient.KEY);
            Process process = bash.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            // curl prints the started and then the completed task
            assertThat(output).contains("\"status\":\"running\"").contains("\"status\":\"completed\"");
        } finally {
            Files.deleteIfExists(file);
        }

        JsonNode task = api.get("/api/tasks/" + id).json();
        assertThat(task.get("status").asString()).isEqualTo("completed");
        assertThat(task.get("result").asString()).isEqualTo("done");
        assertThat(task.get("progress").asInt()).isEqualTo(100);
        JsonNode log = api.get("/api/logs/" + id).json();
        assertThat(log.get(0).get("action").asString()).isEqualTo("complete");
        assertThat(log.get(0).get("operator").asString()).isEqualTo(BOT);
        assertThat(log.get(1).get("action").asString()).isEqualTo("start");
        assertThat(api.get("/api/tasks/" + later).json().get("status").asString()).isEqualTo("pending");
    }
}
