package org.opentask.app.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bot client {@code cli/opentask}, run as a bot runs it (python3, a real process) against the running service,
 * and the heartbeat scripts of the README: what they print and the exit codes a shell script branches on.
 */
class OpentaskCliTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CLI = findUp("cli/opentask");

    @Autowired
    ClaimWaiters waiters;

    record Run(int exit, String out, String err) {

        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    @Test
    void create_pending_claim_and_complete_a_task() {
        String bot = bot("anna");

        Run created = opentask("create", "--to", bot, "--name", "write report", "--priority", "P1",
                "--description", "the weekly one", "--params", "{\"week\": 47}");
        assertThat(created.exit()).isZero();
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("task_params").asString()).isEqualTo("{\"week\":47}");

        Run pending = opentask("pending", "--bot", bot);
        assertThat(pending.exit()).isZero();
        assertThat(pending.json()).hasSize(1);

        Run claimed = opentask("claim", "--bot", bot);
        assertThat(claimed.exit()).isZero();
        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
        assertThat(claimed.json().get("status").asString()).isEqualTo("running");

        Run completed = opentaskWithInput("done: 3 pages\n", "complete", Long.toString(id), "-");
        assertThat(completed.exit()).isZero();
        assertThat(completed.json().get("status").asString()).isEqualTo("completed");
        assertThat(completed.json().get("result").asString()).isEqualTo("done: 3 pages\n");
    }

    @Test
    void no_task_is_exit_code_3() {
        String bot = bot("idle");

        Run claim = opentask("claim", "--bot", bot);
        Run pending = opentask("pending", "--bot", bot);

        assertThat(claim.exit()).isEqualTo(3);
        assertThat(claim.out()).isEmpty();
        assertThat(claim.err()).contains("no pending task");
        assertThat(pending.exit()).isEqualTo(3);
        assertThat(pending.json()).isEmpty();
    }

    @Test
    void a_field_is_printed_alone() {
        String bot = bot("fields");
        Run created = opentask("create", "--to", bot, "--name", "only the id", "--field", "id");

        Run claimed = opentask("claim", "--bot", bot, "--field", "id");

        assertThat(created.exit()).isZero();
        assertThat(claimed.out().strip()).isEqualTo(created.out().strip()).matches("\\d+");
    }

    @Test
    void a_wrong_transition_is_exit_code_4_and_an_unknown_task_5() {
        String bot = bot("strict");
        long id = api.createTask(bot, "pending still", "P2");

        Run complete = opentask("complete", Long.toString(id), "too early");
        Run unknown = opentask("fail", "987654321", "gone");

        assertThat(complete.exit()).isEqualTo(4);
        assertThat(complete.err()).contains("409").contains("pending");
        assertThat(unknown.exit()).isEqualTo(5);
        assertThat(unknown.err()).contains("404");
    }

    @Test
    void a_failed_task_reports_its_error() {
        String bot = bot("unlucky");
        long id = api.createTask(bot, "will fail", "P2");
        opentask("claim", "--bot", bot);

        Run failed = opentask("fail", Long.toString(id), "disk full");

        assertThat(failed.exit()).isZero();
        assertThat(failed.json().get("status").asString()).isEqualTo("failed");
        assertThat(failed.json().get("error_message").asString()).isEqualTo("disk full");
    }

    @Test
    void the_heartbeat_prints_the_task_and_what_to_do_or_HEARTBEAT_OK() {
        String bot = bot("beat");
        long id = api.createTask(bot, "water the plants", "P0");

        Run working = opentask("heartbeat", "--bot", bot);
        Run idle = opentask("heartbeat", "--bot", bot);

        assertThat(working.exit()).isZero();
        assertThat(working.out()).contains("TASK " + id + " (P0)").contains("water the plants")
                .contains("opentask complete " + id).contains("opentask fail " + id);
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("running");
        assertThat(idle.exit()).isEqualTo(3);
        assertThat(idle.out()).startsWith("HEARTBEAT_OK");
    }

    @Test
    void the_bot_can_come_from_the_environment() {
        String bot = bot("env");
        long id = api.createTask(bot, "from env", "P2");

        Run claimed = run(Map.of("OPENTASK_BOT", bot), null, "claim");

        assertThat(claimed.exit()).isZero();
        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void a_waiting_claim_gets_the_task_created_meanwhile() throws Exception {
        String bot = bot("longpoll");
        int before = waiters.waiting();
        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> opentask("claim", "--bot", bot,
                "--wait", "20"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiters.waiting() <= before) {
            assertThat(System.nanoTime()).as("the client waits").isLessThan(end);
            Thread.sleep(10);
        }

        long id = api.createTask(bot, "arrives while waiting", "P2");

        Run claimed = waiting.get(30, TimeUnit.SECONDS);
        assertThat(claimed.exit()).isZero();
        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
        assertThat(System.nanoTime()).isLessThan(end);
    }

    @Test
    void an_idempotent_create_gives_the_same_task_and_another_body_is_exit_code_4() {
        String bot = bot("careful");
        String key = "cli-" + bot;

        Run first = opentask("create", "--to", bot, "--name", "once", "--idempotency-key", key, "--field", "id");
        Run again = opentask("create", "--to", bot, "--name", "once", "--idempotency-key", key, "--field", "id");
        Run other = opentask("create", "--to", bot, "--name", "twice", "--idempotency-key", key);

        assertThat(first.exit()).isZero();
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(other.exit()).isEqualTo(4);
        assertThat(other.err()).contains("422");
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isEqualTo(1);
    }

    @Test
    void usage_errors_and_refused_input_are_exit_code_2() {
        assertThat(opentask().exit()).isEqualTo(2);
        assertThat(opentask("launch").exit()).isEqualTo(2);
        assertThat(opentask("claim", "--bot", "x", "--wait", "61").exit()).isEqualTo(2);
        assertThat(opentask("claim", "--bot", "x", "--colour", "red").exit()).isEqualTo(2);
        assertThat(opentask("complete", "abc").exit()).isEqualTo(2);
        assertThat(opentask("create", "--name", "no bot").exit()).isEqualTo(2);
        assertThat(opentask("create", "--to", "x", "--name", "bad", "--params", "{not json").exit()).isEqualTo(2);
        Run refused = opentask("create", "--to", "b".repeat(51), "--name", "too long a bot");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("assigned_to");
        assertThat(opentask("--help").exit()).isZero();
    }

    @Test
    void a_wrong_key_or_no_service_is_exit_code_1() {
        Run wrongKey = run(Map.of("OPENTASK_KEY", "not-the-key"), null, "pending", "--bot", "x");
        Run noService = run(Map.of("OPENTASK_URL", "http://127.0.0.1:1"), null, "pending", "--bot", "x");

        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("401").contains("Invalid API Key");
        assertThat(noService.exit()).isEqualTo(1);
        assertThat(noService.err()).contains("cannot reach");
    }

    /** The README's heartbeat with the client: claim, work, report, and branch on the exit code. */
    @Test
    void the_readme_heartbeat_with_claim_runs_a_task_to_completion() throws Exception {
        String bot = bot("script");
        long id = api.createTask(bot, "scripted", "P2");
        String script = """
                TASK=$(opentask claim --bot anna --wait 30)      # exit code 0: a task, started; 3: none
                case $? in
                  0) ID=$(printf '%s' "$TASK" | python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])')
                     # ... work ...
                     opentask complete "$ID" "done" ;;
                  3) echo "nothing to do" ;;
                esac
                """.replace("anna", bot).replace("--wait 30", "--wait 1");

        Run first = bash(script, bot);
        Run second = bash(script, bot);

        assertThat(first.exit()).isZero();
        assertThat(JSON.readTree(first.out()).get("id").asLong()).isEqualTo(id);
        assertThat(second.out().strip()).isEqualTo("nothing to do");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("completed");
        assertThat(api.get("/api/tasks/" + id).json().get("result").asString()).isEqualTo("done");
    }

    /** docs/claim.md's heartbeat with curl alone: claim, work, complete; with no task it does nothing. */
    @Test
    void the_curl_heartbeat_with_claim_runs_a_task_to_completion() throws Exception {
        String bot = bot("curl");
        long id = api.createTask(bot, "curled", "P2");
        String script = """
                KEY=hope-bot-apikey-2026-0424
                TASK=$(curl -s -X POST -H "X-Bot-Key: $KEY" "http://127.0.0.1:8090/api/tasks/claim?assigned_to=anna&wait=30")
                TASK_ID=$(echo "$TASK" | python3 -c "import sys,json; s=sys.stdin.read().strip(); print(json.loads(s)['id'] if s else '')")
                if [ -n "$TASK_ID" ]; then
                  # ... work ...
                  curl -s -X PUT -H "X-Bot-Key: $KEY" -H "Content-Type: application/json" \\
                    -d '{"result":"done"}' "http://127.0.0.1:8090/api/tasks/$TASK_ID/complete"
                fi
                """.replace("127.0.0.1:8090", "127.0.0.1:" + port).replace("anna", bot).replace("wait=30", "wait=1");

        Run first = bash(script, bot);
        Run second = bash(script, bot);

        assertThat(first.exit()).isZero();
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("completed");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEmpty();
        assertThat(api.get("/api/logs/" + id).json()).hasSize(3);
    }

    /** The contract's heartbeat of the original service, unchanged but for the port: list, start, complete. */
    @Test
    void the_old_list_then_start_heartbeat_keeps_working() throws Exception {
        String bot = bot("legacy");
        long id = api.createTask(bot, "the old way", "P2");
        String script = """
                KEY=hope-bot-apikey-2026-0424
                TASKS=$(curl -s -H "X-Bot-Key: $KEY" "http://127.0.0.1:8090/api/tasks/pending?assigned_to=BOT")
                TASK_ID=$(echo "$TASKS" | python3 -c "import sys,json; d=json.load(sys.stdin); print(d[0]['id'] if d else '')")
                [ -n "$TASK_ID" ] && curl -s -X PUT -H "X-Bot-Key: $KEY" "http://127.0.0.1:8090/api/tasks/$TASK_ID/start"
                # ... work ...
                curl -s -X PUT -H "X-Bot-Key: $KEY" -H "Content-Type: application/json" \\
                  -d '{"result":"done"}' "http://127.0.0.1:8090/api/tasks/$TASK_ID/complete"
                """.replace("127.0.0.1:8090", "127.0.0.1:" + port).replace("BOT", bot);

        Run run = bash(script, bot);

        assertThat(run.exit()).isZero();
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("completed");
        assertThat(api.get("/api/logs/" + id).json()).hasSize(3);
    }

    private Run opentask(String... args) {
        return run(Map.of(), null, args);
    }

    private Run opentaskWithInput(String input, String... args) {
        return run(Map.of(), input, args);
    }

    private Run run(Map<String, String> environment, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", CLI.toString()));
        command.addAll(List.of(args));
        return exec(command, environment, input);
    }

    /** Runs a bash script with {@code opentask} on the PATH, as a bot's shell has it. */
    private Run bash(String script, String bot) {
        return exec(List.of("bash", "-c", script), Map.of("BOT", bot,
                "PATH", CLI.getParent() + ":" + System.getenv("PATH")), null);
    }

    private Run exec(List<String> command, Map<String, String> environment, String input) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OPENTASK_URL", ApiClient.baseUrl(port));
        builder.environment().put("OPENTASK_KEY", ApiClient.KEY);
        builder.environment().remove("OPENTASK_BOT");
        builder.environment().remove("OPENTASK_OPERATOR");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Run(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The tests run in app/; the client lives at the repository's root. */
    private static Path findUp(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
