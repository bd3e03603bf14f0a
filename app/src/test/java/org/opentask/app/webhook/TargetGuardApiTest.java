package org.opentask.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;

/**
 * With the default settings a subscription may not point at the service's own network: loopback, private,
 * link-local and other internal addresses are refused, naming the url, and nothing is written.
 */
class TargetGuardApiTest extends ApiTest {

    @Test
    void internal_targets_are_refused_unless_a_setting_allows_them() {
        int before = api.get("/api/admin/webhooks").json().size();
        for (String url : new String[] {"http://127.0.0.1:8090/x", "http://localhost/x", "http://10.1.2.3/x",
                "http://192.168.0.10/x", "http://172.16.5.4/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://0.0.0.0/x", "http://[fd00::1]/x", "http://100.64.0.1/x"}) {
            ApiClient.Response answer = api.post("/api/admin/webhooks",
                    "{\"url\":\"" + url + "\",\"events\":[\"completed\"]}");
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.json().get("field").asString()).as(url).isEqualTo("url");
            assertThat(answer.detail()).as(url).contains("internal address");
        }
        assertThat(api.get("/api/admin/webhooks").json().size()).isEqualTo(before);
    }

    @Test
    void a_public_address_is_accepted() {
        ApiClient.Response answer = api.post("/api/admin/webhooks",
                "{\"url\":\"http://93.184.215.14/hook\",\"events\":[\"completed\"],\"enabled\":false}");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(api.delete("/api/admin/webhooks/" + answer.json().get("id").asLong()).status()).isEqualTo(200);
    }

    @Test
    void a_callback_url_is_refused_while_callbacks_are_off() {
        ApiClient.Response answer = api.post("/api/tasks",
                "{\"task_name\":\"t\",\"assigned_to\":\"nocallback\",\"callback_url\":\"http://93.184.215.14/x\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo("callback_url");
        assertThat(answer.detail()).contains("callbacks are off");
        assertThat(api.get("/api/tasks?assigned_to=nocallback").json().size()).isZero();
    }
}
