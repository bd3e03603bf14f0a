package org.opentask.app.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.DateTimeForms;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DelayedTaskApiTest extends TimerApiTest {

    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Autowired
    ZoneId serverZone;

    @Test
    void not_before_hides_a_task_from_pending_until_its_time() {
        String bot = bot("later");
        Instant notBefore = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        long delayed = create("{\"task_name\":\"later\",\"assigned_to\":\"" + bot + "\",\"priority\":\"P0\","
                + "\"not_before\":\"" + notBefore + "\"}").get("id").asLong();
        long now = create("{\"task_name\":\"now\",\"assigned_to\":\"" + bot + "\",\"priority\":\"P2\"}")
                .get("id").asLong();

        assertThat(time(task(delayed).get("not_before"))).isEqualTo(LocalDateTime.ofInstant(notBefore, serverZone));
        assertThat(task(delayed).get("status").asString()).isEqualTo("pending");
        int checkedBefore = 0;
        while (true) {
            List<Long> pending = pending(bot);
            // an answer received before not_before was computed before it (one machine, one clock)
            if (!Instant.now().isBefore(notBefore)) {
                break;
            }
            assertThat(pending).containsExactly(now);
            checkedBefore++;
            sleep(Duration.ofMillis(100));
        }
        assertThat(checkedBefore).isPositive();
        assertThat(pending(bot)).containsExactly(delayed, now);
    }

    @Test
    void a_delayed_task_is_not_claimed_before_its_time() {
        String bot = bot("claim");
        Instant notBefore = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        long delayed = create("{\"task_name\":\"later\",\"assigned_to\":\"" + bot + "\",\"not_before\":\""
                + notBefore + "\"}").get("id").asLong();

        assertThat(claim(bot).status()).isEqualTo(204);
        while (Instant.now().isBefore(notBefore)) {
            sleep(Duration.ofMillis(100));
        }
        ApiClient.Response claimed = claim(bot);
        assertThat(claimed.status()).isEqualTo(200);
        assertThat(claimed.json().get("id").asLong()).isEqualTo(delayed);
    }

    private ApiClient.Response claim(String bot) {
        return api.send(api.request("/api/tasks/claim?assigned_to=" + bot)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void a_time_without_offset_is_read_in_the_servers_zone_as_the_api_prints_times() {
        String bot = bot("zone");
        String inAnHour = LocalDateTime.now(serverZone).plusHours(1).format(API_TIME);
        String anHourAgo = LocalDateTime.now(serverZone).minusHours(1).format(API_TIME).replace('T', ' ');

        JsonNode later = create("{\"task_name\":\"l\",\"assigned_to\":\"" + bot + "\",\"not_before\":\"" + inAnHour + "\"}");
        JsonNode earlier = create("{\"task_name\":\"e\",\"assigned_to\":\"" + bot + "\",\"not_before\":\"" + anHourAgo + "\"}");

        assertThat(later.get("not_before").asString()).isEqualTo(inAnHour);
        assertThat(earlier.get("not_before").asString()).isEqualTo(anHourAgo.replace(' ', 'T'));
        assertThat(pending(bot)).containsExactly(earlier.get("id").asLong());
    }

    @Test
    void a_bad_not_before_is_named_and_nothing_is_created() {
        String bot = bot("bad");
        for (String value : List.of("\"tomorrow\"", "\"2026-13-01T00:00:00\"", "\"\"", "42")) {
            ApiClient.Response response = api.post("/api/tasks",
                    "{\"task_name\":\"t\",\"assigned_to\":\"" + bot + "\",\"not_before\":" + value + "}");
            assertThat(response.status()).as(value).isEqualTo(400);
            assertThat(response.json().get("field").asString()).as(value).isEqualTo("not_before");
        }
        for (String bad : DateTimeForms.BAD) {
            ApiClient.Response response = api.post("/api/tasks",
                    "{\"task_name\":\"t\",\"assigned_to\":\"" + bot + "\",\"not_before\":\"" + bad + "\"}");
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.json().get("field").asString()).as(bad).isEqualTo("not_before");
            assertThat(response.detail()).as(bad).startsWith("not_before must be");
        }
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ?", bot)).isZero();
    }

    @Test
    void every_form_of_a_time_is_read_as_that_time() {
        String bot = bot("forms");
        Instant moment = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(3, ChronoUnit.HOURS);
        String expected = LocalDateTime.ofInstant(moment, serverZone).format(API_TIME);
        for (String form : DateTimeForms.of(moment, serverZone)) {
            JsonNode task = create("{\"task_name\":\"f\",\"assigned_to\":\"" + bot + "\",\"not_before\":\""
                    + form + "\"}");
            assertThat(task.get("not_before").asString()).as(form).isEqualTo(expected);
        }
        // a date alone: its first moment, in the server's time zone
        LocalDate tomorrow = LocalDate.now(serverZone).plusDays(1);
        JsonNode task = create("{\"task_name\":\"d\",\"assigned_to\":\"" + bot + "\",\"not_before\":\""
                + tomorrow + "\"}");
        assertThat(task.get("not_before").asString()).isEqualTo(tomorrow.atStartOfDay().format(API_TIME));
        assertThat(pending(bot)).isEmpty();
    }

    private List<Long> pending(String bot) {
        List<Long> ids = new ArrayList<>();
        api.get("/api/tasks/pending?assigned_to=" + bot).json().forEach(task -> ids.add(task.get("id").asLong()));
        return ids;
    }
}
