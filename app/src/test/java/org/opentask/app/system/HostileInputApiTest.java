package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;

/**
 * Each hostile request that once answered 500 or stored altered text, through the real server: it is now a 4xx
 * problem naming what is wrong and writes nothing, or it is accepted and its text reads back exactly.
 */
class HostileInputApiTest extends ApiTest {

    private RawHttp raw;

    @BeforeEach
    void rawClient() {
        raw = new RawHttp(port);
    }

    private RawHttp.Answer send(String method, String target, String body, String... headers) {
        byte[][] all = new byte[headers.length + 1][];
        all[0] = ("X-Bot-Key: " + ApiClient.KEY).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < headers.length; i++) {
            all[i + 1] = headers[i].getBytes(StandardCharsets.UTF_8);
        }
        return raw.send(method, target.getBytes(StandardCharsets.ISO_8859_1), all,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private List<Long> written() {
        return List.of(count("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry"),
                count("SELECT COALESCE(MAX(id), 0) FROM bot_task_log"));
    }

    /** A problem with this status whose detail says something and whose field is {@code field} (null: none). */
    private static void assertProblem(RawHttp.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().path("detail").asString()).as(answer.toString()).isNotBlank();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(answer.json().path("field").asString()).as(answer.toString()).isEqualTo(field);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET  | /api/tasks?to=%C0%AF                  | to",
            "GET  | /api/tasks?assigned_to=%f             | assigned_to",
            "GET  | /api/tasks?status=%                   | status",
            "GET  | /api/tasks?from=%zz                   | from",
            "GET  | /api/tasks?priority=%ED%A0%80         | priority",
            "GET  | /api/tasks/pending?assigned_to=%C0%AF | assigned_to",
            "GET  | /api/tasks/pending?assigned_to=a%F5%80%80%80 | assigned_to",
            "POST | /api/tasks/claim?assigned_to=%f       | assigned_to",
            "POST | /api/tasks/claim?assigned_to=x&wait=% | wait",
            "GET  | /api/stats/daily?from=%zz             | from",
            "GET  | /api/stats/daily?to=%C0%AF            | to",
            "GET  | /api/tasks/1?at=%zz                   | at",
            "GET  | /api/logs/1?x=%                       | x"})
    void a_query_string_that_cannot_be_decoded_is_a_400_naming_the_parameter(String method, String target,
                                                                             String field) {
        List<Long> before = written();
        assertProblem(send(method, target, null), 400, field);
        assertThat(written()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/tasks?%zz=1", "/api/tasks?=x", "/api/tasks/pending?%=anna",
            "/api/tasks/claim?%C0%AF=1", "/api/stats/daily?==", "/api/tasks/1?a%=1"})
    void a_malformed_parameter_name_is_a_400(String target) {
        List<Long> before = written();
        assertProblem(send(target.contains("claim") ? "POST" : "GET", target, null), 400, null);
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void a_form_body_with_a_broken_escape_is_a_400_naming_the_field_and_the_task_keeps_running() {
        long id = api.createTask(bot("form"), "form", "P2");
        api.put("/api/tasks/" + id + "/start");
        List<Long> before = written();
        for (String body : new String[] {"result=%zz", "result=%C0%AF", "result=ok&%zz=1"}) {
            RawHttp.Answer answer = send("PUT", "/api/tasks/" + id + "/complete", body,
                    "Content-Type: application/x-www-form-urlencoded");
            assertProblem(answer, 400, body.startsWith("result=ok") ? null : "result");
        }
        // DELETE and PATCH form bodies are not parsed at all: no 500 from a parser
        assertThat(send("DELETE", "/api/tasks/987654321", "result=%zz",
                "Content-Type: application/x-www-form-urlencoded").status()).isEqualTo(404);
        assertThat(send("PATCH", "/api/tasks/" + id, "result=%zz",
                "Content-Type: application/x-www-form-urlencoded").status()).isBetween(400, 499);
        assertThat(written()).isEqualTo(before);
        assertThat(api.get("/api/tasks/" + id).json().path("status").asString()).isEqualTo("running");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from=-999999999-01-01&to=-999999999-01-05 | to",
            "from=-999999999-01-01                      | from",
            "to=%2B999999999-12-31                      | to",
            "from=0999-12-31&to=1000-01-02              | from",
            "to=10000-01-01                             | to"})
    void stats_dates_outside_what_a_date_column_holds_are_a_400_naming_the_parameter(String query, String field) {
        assertProblem(send("GET", "/api/stats/daily?" + query, null), 400, field);
    }

    @Test
    void stats_dates_at_the_edges_of_the_range_are_answered() {
        RawHttp.Answer answer = send("GET", "/api/stats/daily?to=1000-01-05", null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("from").asString()).isEqualTo("1000-01-01");
        assertThat(send("GET", "/api/stats/daily?from=9999-12-30&to=9999-12-31", null).status()).isEqualTo(200);
    }

    @Test
    void error_called_directly_is_a_404_problem_not_a_500_with_status_999() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            RawHttp.Answer answer = send(method, "/error", null);
            assertProblem(answer, 404, null);
            assertThat(answer.text()).doesNotContain("999");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "task_name        | \\ud800",
            "task_name        | end\\ud83d",
            "assigned_to      | x\\udfffy",
            "created_by       | \\ude00\\ud83d",
            "task_description | a\\ud83d\\ud83d\\ude00",
            "task_params      | \\udc00"})
    void a_lone_surrogate_in_a_json_text_is_a_400_naming_the_field(String field, String escaped) {
        String body = "{\"task_name\":\"n\",\"assigned_to\":\"" + bot("sur") + "\",\"" + field + "\":\"" + escaped + "\"}";
        if (field.equals("task_name") || field.equals("assigned_to")) {
            body = "{\"" + field + "\":\"" + escaped + "\"," + (field.equals("task_name")
                    ? "\"assigned_to\":\"" + bot("sur") + "\"}" : "\"task_name\":\"n\"}");
        }
        List<Long> before = written();
        RawHttp.Answer answer = send("POST", "/api/tasks", body, "Content-Type: application/json");
        assertProblem(answer, 400, field);
        assertThat(answer.json().path("detail").asString()).contains("surrogate");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void a_lone_surrogate_inside_task_params_in_a_value_or_a_key_is_a_400_naming_task_params() {
        List<Long> before = written();
        for (String params : new String[] {"{\"a\":{\"b\":[\"ok\",\"\\ud800\"]}}", "{\"k\\udfff\":1}",
                "{\"a\":{\"\\ud83d\":true}}"}) {
            RawHttp.Answer answer = send("POST", "/api/tasks", "{\"task_name\":\"p\",\"assigned_to\":\"" + bot("sur")
                    + "\",\"task_params\":" + params + "}", "Content-Type: application/json");
            assertProblem(answer, 400, "task_params");
        }
        long id = api.createTask(bot("sur"), "edit", "P2");
        for (String body : new String[] {"{\"task_description\":\"\\ud800\"}", "{\"task_params\":{\"\\udc00\":1}}"}) {
            assertThat(send("PUT", "/api/tasks/" + id, body, "Content-Type: application/json").status()).isEqualTo(400);
        }
        api.put("/api/tasks/" + id + "/start");
        assertProblem(send("PUT", "/api/tasks/" + id + "/complete", "{\"result\":\"end\\ud83d\"}",
                "Content-Type: application/json"), 400, "result");
        assertProblem(send("PUT", "/api/tasks/" + id + "/fail", "{\"error_message\":\"\\udfff\"}"), 400,
                "error_message");
        assertThat(written().get(0)).isEqualTo(before.get(0) + 2); // the create and the start, nothing else
    }

    @Test
    void bytes_that_are_not_utf8_in_a_json_body_are_a_400_naming_the_field() {
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xF5, (byte) 0x80,
                (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            byte[] body = concat("{\"assigned_to\":\"u\",\"task_name\":\"a".getBytes(StandardCharsets.UTF_8), bad,
                    "b\"}".getBytes(StandardCharsets.UTF_8));
            RawHttp.Answer answer = raw.send("POST", "/api/tasks".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[][] {("X-Bot-Key: " + ApiClient.KEY).getBytes(StandardCharsets.ISO_8859_1),
                            "Content-Type: application/json".getBytes(StandardCharsets.ISO_8859_1)}, body);
            assertProblem(answer, 400, "task_name");
        }
    }

    @Test
    void text_that_is_unicode_reads_back_exactly_escaped_or_raw() {
        String bot = bot("uni");
        String name = "ü 中 😀 👍🏽 🇫🇷 e\u0301 \uffff \u0000 \t";
        // the same text, once as raw UTF-8, once as \\u escapes with surrogate pairs (Python's json.dumps)
        for (String encoded : new String[] {name.replace("\u0000", "\\u0000").replace("\t", "\\t"),
                escapeAll(name)}) {
            RawHttp.Answer answer = send("POST", "/api/tasks", "{\"task_name\":\"" + encoded + "\",\"assigned_to\":\""
                    + bot + "\",\"task_params\":{\"😀\":\"" + encoded + "\",\"n\":3.14159265358979323846}}",
                    "Content-Type: application/json", "X-Operator: Zoë 😀");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            long id = answer.json().path("id").asLong();
            ApiClient.Response task = api.get("/api/tasks/" + id);
            assertThat(task.json().path("task_name").asString()).isEqualTo(name);
            assertThat(task.json().path("task_params").asString())
                    .isEqualTo("{\"😀\":\"" + name.replace("\u0000", "\\u0000").replace("\t", "\\t")
                            + "\",\"n\":3.14159265358979323846}");
            assertThat(api.get("/api/logs/" + id).json().get(0).path("operator").asString()).isEqualTo("Zoë 😀");
        }
    }

    @Test
    void x_operator_that_is_not_utf8_is_a_400_naming_it() {
        long id = api.createTask(bot("op"), "op", "P2");
        List<Long> before = written();
        RawHttp.Answer answer = raw.send("PUT", ("/api/tasks/" + id + "/start").getBytes(StandardCharsets.ISO_8859_1),
                new byte[][] {("X-Bot-Key: " + ApiClient.KEY).getBytes(StandardCharsets.ISO_8859_1),
                        concat("X-Operator: Zo".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) 0xEB})},
                null);
        assertProblem(answer, 400, "X-Operator");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void a_long_result_is_cut_in_the_audit_row_between_characters_not_inside_an_emoji() {
        long id = api.createTask(bot("cut"), "cut", "P2");
        api.put("/api/tasks/" + id + "/start");
        // "completed: " is 11 characters: the emoji's high surrogate would be the 499th unit, the last one kept
        String result = "a".repeat(487) + "😀" + "tail";
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"" + result + "\"}").status()).isEqualTo(200);
        String message = api.get("/api/logs/" + id).json().get(0).path("message").asString();
        assertThat(message).isEqualTo("completed: " + "a".repeat(487) + "\u2026");
        assertThat(api.get("/api/tasks/" + id).json().path("result").asString()).isEqualTo(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/xml", "application/xml", "multipart/form-data; boundary=x",
            "application/octet-stream", "application/json; charset=ISO-8859-1", "nonsense"})
    void a_body_of_a_content_type_the_api_does_not_take_is_a_415(String contentType) {
        List<Long> before = written();
        RawHttp.Answer answer = send("POST", "/api/tasks", "<task><task_name>x</task_name></task>",
                "Content-Type: " + contentType);
        assertProblem(answer, 415, null);
        assertThat(written()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/tasks/%zz", "/api/tasks/%2F", "/api/tasks/%", "/api/../../etc", "/api/ta sks",
            "/api/tasks/1;x", "/api/tasks/%2e%2e/%2e%2e/x"})
    void a_uri_refused_before_the_application_is_a_problem_not_an_html_page(String target) {
        RawHttp.Answer answer = send("GET", target, null);
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 404);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().path("detail").asString()).isNotBlank();
    }

    @Test
    void a_header_that_breaks_the_syntax_is_a_problem_not_an_html_page() {
        for (String header : new String[] {"Bad Header: v", "Content-Length: abc", "Host: second"}) {
            RawHttp.Answer answer = send("GET", "/api/tasks", null, header);
            assertProblem(answer, 400, null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 100\r\n\r\n{\"task_name\":\"short",
            "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "Transfer-Encoding: chunked\r\n\r\n40\r\n{\"task_name\""})
    void a_body_that_ends_early_or_is_badly_chunked_is_a_400_problem(String rest) {
        List<Long> before = written();
        RawHttp.Answer answer = raw.exchange(("POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "X-Bot-Key: " + ApiClient.KEY + "\r\nContent-Type: application/json\r\n" + rest)
                .getBytes(StandardCharsets.ISO_8859_1), true);
        assertProblem(answer, 400, null);
        assertThat(written()).isEqualTo(before);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String escapeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (char unit : text.toCharArray()) {
            out.append(String.format("\\u%04x", (int) unit));
        }
        return out.toString();
    }
}
