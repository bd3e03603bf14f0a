package org.opentask.app.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.opentask.app.ApiClient;

/**
 * A seeded generator of requests a hostile or careless client can send, across every endpoint: broken and valid
 * percent-encoding in paths, parameter names and values, JSON bodies with texts that are or are not Unicode,
 * wrong types, broken syntax, form bodies, content types the API does not take, headers in UTF-8 and not, missing
 * and wrong keys. Each request says whether it must be refused (it holds something broken) and which texts an
 * acceptance must keep exactly.
 */
final class BadRequests {

    /** Tasks to aim at, made fresh for calls that need a task in a given state. */
    interface Tasks {
        long pending();

        long running();

        /** A task that stays: for the calls that only read. */
        long existing();
    }

    /**
     * One request. {@code texts}: the task fields an acceptance must read back exactly (a String, or for
     * {@code task_params} sent as JSON the JSON text); {@code operator}: the audit row's operator on acceptance.
     */
    record Generated(String method, String target, byte[] rawTarget, List<byte[]> headers, byte[] body,
                     boolean mustRefuse, Long taskId, Map<String, String> texts, String paramsJson, String operator,
                     boolean unsupportedType) {

        String describe() {
            return method + " " + new String(rawTarget, StandardCharsets.ISO_8859_1) + " body="
                    + (body == null ? "none" : new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    private static final List<String> PARAMETERS = List.of("assigned_to", "status", "priority", "limit", "offset",
            "exhausted", "wait", "from", "to", "group_by", "at", "projection", "x", "a[b]", "%E2%9C%93");
    private static final List<String> ODD_VALUES = List.of("", "-1", "0", "1", "99999999999999999999", "1e3", "1.5",
            "true", "maybe", "P0", "p1", "P9", "pending", "RUNNING", "failed", "bot", "day", "week", "2026-02-30",
            "-999999999-01-01", "%2B999999999-12-31", "1000-01-01", "9999-12-31", "0999-12-31", "10000-01-01",
            "2026-11-25T10:00:00", "2026-11-25T10:00:00Z", "%2B999999999-12-31T23:59:59", "-999999999-01-01T00:00",
            "2026-11-25T10:00:00%2B25:00", "1700000000000", "null", "%00", "%0A", "%7B%7D");
    private static final List<String> ODD_IDS = List.of("0", "-1", "99999999999999999999", "abc", "1.5", "%20",
            "1;x", "1%3Bx", "%00", "%F0%9F%98%80", "%C3%A9", "1%0A", ".", "%2e%2e", "9223372036854775807",
            "-9223372036854775808", "1e3", "0x10");
    /** Path segments Tomcat refuses before the application: a broken escape. */
    private static final List<String> BROKEN_IDS = List.of("%zz", "%", "1%", "%G0");
    private static final List<String> ODD_BODIES = List.of("", "{", "}", "[]", "null", "\"x\"", "42", "{\"task_name\":}",
            "{\"task_name\":\"a\",}", "{\"task_name\":\"a\" \"b\"}", "{\"a\":1}{\"b\":2}", "{'task_name':'a'}",
            "{\"task_name\":\"a\",\"task_name\":\"b\",\"assigned_to\":\"dup\"}", "\uFEFF{}", "[".repeat(3000),
            "{\"progress\":1e400}", "{\"max_retry\":1e400}", "{\"progress\":\"50\"}", "{\"status\":\"completed\"}",
            "{\"task_params\":" + "{\"a\":".repeat(1200) + "1" + "}".repeat(1200) + "}");
    private static final List<String> ACCEPTED_TYPES = List.of("application/json", "application/json; charset=UTF-8",
            "application/x-www-form-urlencoded", "text/plain", "application/vnd.opentask+json");
    private static final List<String> REFUSED_TYPES = List.of("text/xml", "application/xml",
            "multipart/form-data; boundary=x", "application/octet-stream", "application/json; charset=ISO-8859-1",
            "application/json; charset=nonsense", "nonsense", "text/html");

    private final Random random;
    private final HostileText text;
    private final Tasks tasks;
    private final String bot;

    BadRequests(long seed, Tasks tasks) {
        this.random = new Random(seed);
        this.text = new HostileText(random);
        this.tasks = tasks;
        this.bot = "gen" + Long.toString(seed, 36);
    }

    Generated next() {
        return switch (random.nextInt(12)) {
            case 0, 1 -> query("GET", "/api/tasks", false);
            case 2 -> query("GET", "/api/tasks/pending", false);
            case 3 -> query("POST", "/api/tasks/claim", false);
            case 4 -> query("GET", "/api/stats/daily", false);
            case 5 -> query(pick(List.of("GET", "GET", "DELETE", "PUT")), taskPath(), true);
            case 6, 7 -> create();
            case 8 -> onTask("PUT", "", true);
            case 9 -> onTask("PUT", pick(List.of("/complete", "/fail")), false);
            case 10 -> onTask("PUT", pick(List.of("/cancel", "/heartbeat", "/start", "/retry")), true);
            default -> query("GET", pick(List.of("/api/stats/today", "/api/admin/replay", "/health", "/error",
                    "/api/logs/" + tasks.existing(), "/api/tasks/" + tasks.existing() + "/events",
                    "/api/tasks/" + tasks.existing())), false);
        };
    }

    /** A call whose parameters are the hostile part. */
    private Generated query(String method, String path, boolean pathMayBreak) {
        boolean refuse = false;
        StringBuilder target = new StringBuilder(path);
        if (pathMayBreak && random.nextInt(8) == 0) {
            target = new StringBuilder("/api/tasks/" + pick(BROKEN_IDS));
            refuse = true;
        }
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            target.append(i == 0 ? '?' : '&');
            int shape = random.nextInt(20);
            String name = pick(PARAMETERS);
            if (shape == 0) {
                target.append("=").append(text.form(text.valid(5)));
                refuse = true;
            } else if (shape == 1) {
                target.append(name);
            } else if (shape == 2) {
                target.append(pick(HostileText.BROKEN_FORM)).append("=1");
                refuse = true;
            } else if (shape == 3) {
                target.append('&');
            } else if (shape < 8) {
                target.append(name).append('=').append(text.brokenForm(text.valid(12)));
                refuse = true;
            } else if (shape < 14) {
                target.append(name).append('=').append(text.form(text.valid(name.equals("assigned_to") ? 50 : 20)));
            } else {
                target.append(name).append('=').append(pick(ODD_VALUES));
            }
        }
        String built = target.toString();
        if (method.equals("POST") && built.contains("wait=")) {
            // a valid wait long-polls for up to a minute: keep the claim's wait broken or zero
            built = built.replaceAll("wait=[^&]*", random.nextBoolean() ? "wait=0" : "wait=-1");
        }
        List<byte[]> headers = headers(false);
        byte[] rawTarget = HostileText.bytes(built);
        if (random.nextInt(15) == 0) {
            // raw bytes in the request line, not percent-encoded: valid UTF-8 or not
            byte[] raw = random.nextBoolean() ? "é中".getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) 0xC0, (byte) 0xAF};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(rawTarget);
            out.writeBytes(HostileText.bytes(built.contains("?") ? "&assigned_to=" : "?assigned_to="));
            out.writeBytes(raw);
            rawTarget = out.toByteArray();
            refuse |= raw[0] == (byte) 0xC0;
        }
        refuse |= badOperator || badKey && built.startsWith("/api");
        return new Generated(method, built, rawTarget, headers, null, refuse, null, Map.of(), null, null, false);
    }

    private String taskPath() {
        return "/api/tasks/" + (random.nextBoolean() ? Long.toString(tasks.pending()) : pick(ODD_IDS));
    }

    private Generated create() {
        Body body = new Body();
        body.text("task_name", 100, true);
        body.text("assigned_to", 50, true);
        body.text("task_description", 400, false);
        body.params();
        body.text("created_by", 50, false);
        body.odd("priority", List.of("P0", "P1", "P2", "p2", "P9", "", "urgent"));
        body.odd("max_retry", List.of("0", "3", "100", "101", "-1", "\"5\"", "2.5", "99999999999", "true"));
        List<byte[]> headers = headers(true);
        if (random.nextInt(5) == 0) {
            boolean ascii = random.nextInt(4) != 0;
            String key = ascii ? "gen-" + random.nextLong() : "ké-" + random.nextInt();
            headers.add(header("Idempotency-Key", key.getBytes(StandardCharsets.UTF_8)));
            body.broken |= !ascii;
        }
        return body.request("POST", "/api/tasks", headers, null);
    }

    /** A call on one task; {@code edit}: an update or transition that takes a pending task. */
    private Generated onTask(String method, String suffix, boolean pending) {
        long id = pending ? tasks.pending() : tasks.running();
        Body body = new Body();
        switch (suffix) {
            case "" -> {
                body.text("task_name", 100, false);
                body.text("task_description", 400, false);
                body.params();
                body.text("assigned_to", 50, false);
                body.odd("progress", List.of("0", "50", "100", "101", "-1", "\"7\"", "7.5"));
            }
            case "/complete" -> body.text("result", 400, false);
            case "/fail" -> body.text("error_message", 400, false);
            case "/cancel" -> body.text("reason", 500, false);
            case "/heartbeat" -> body.odd("progress", List.of("0", "50", "100", "101", "-1", "\"7\"", "7.5"));
            default -> {
            }
        }
        String path = random.nextInt(10) == 0 ? "/api/tasks/" + pick(ODD_IDS) + suffix : "/api/tasks/" + id + suffix;
        return body.request(method, path, headers(true), path.equals("/api/tasks/" + id + suffix) ? id : null);
    }

    /** Set by {@link #headers}: the key is missing or wrong (refused on /api), X-Operator is not UTF-8 (refused anywhere). */
    private boolean badKey;
    private boolean badOperator;
    private String operator;

    /** The key (now and then missing or wrong) and, for calls that record who acts, an X-Operator. */
    private List<byte[]> headers(boolean recordsActor) {
        badOperator = false;
        operator = null;
        List<byte[]> headers = new ArrayList<>();
        int key = random.nextInt(40);
        badKey = key < 2;
        if (key > 0) {
            headers.add(header("X-Bot-Key", HostileText.bytes(key == 1 ? "wrong-key" : ApiClient.KEY)));
        }
        int who = random.nextInt(10);
        if (who < 3) {
            operator = text.validHeader(100);
            headers.add(header("X-Operator", operator.getBytes(StandardCharsets.UTF_8)));
        } else if (who == 3) {
            headers.add(header("X-Operator",
                    HostileText.BROKEN_HEADER.get(random.nextInt(HostileText.BROKEN_HEADER.size()))));
            badOperator = true;
        }
        if (!recordsActor) {
            operator = null;
        }
        return headers;
    }

    private static byte[] header(String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HostileText.bytes(name + ": "));
        out.writeBytes(value);
        return out.toByteArray();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A body under construction: JSON members, or the same fields as a form, or something else altogether. */
    private final class Body {

        private final StringBuilder form = new StringBuilder();
        private final Map<String, String> texts = new LinkedHashMap<>();
        private boolean broken;
        private String paramsJson;
        /** A field is not a plain string (a number, an object): the body cannot be sent as a form. */
        private boolean jsonOnly;

        void text(String field, int maxLength, boolean usuallyGiven) {
            int shape = random.nextInt(20);
            if (!usuallyGiven && shape < 6 || usuallyGiven && shape == 0) {
                return;
            }
            // most tasks go to a bot of this generator's own, so that other tests' bots get none of them
            String value = field.equals("assigned_to") && random.nextInt(3) != 0
                    ? bot + "-" + text.valid(maxLength - bot.length() - 1)
                    : text.valid(maxLength);
            if (shape < 4) {
                member(field, text.brokenJson(value), field + "=" + text.brokenForm(value));
                broken = true;
            } else if (shape == 4) {
                member(field, HostileText.bytes(pick(List.of("42", "true", "null", "[]", "{}", "-0.0"))), null);
            } else if (shape == 5) {
                String overlong = "L".repeat(maxLength + 1);
                member(field, text.json(overlong), field + "=" + overlong);
            } else {
                member(field, text.json(value), field + "=" + text.form(value));
                texts.put(field, value);
            }
        }

        /** task_params: a text, or a JSON object whose keys and values are texts (broken or not). */
        void params() {
            int shape = random.nextInt(10);
            if (shape < 4) {
                text("task_params", 300, false);
                return;
            }
            String key = text.valid(12);
            String value = text.valid(30);
            boolean brokenKey = shape == 4;
            boolean brokenValue = shape == 5;
            ByteArrayOutputStream object = new ByteArrayOutputStream();
            object.writeBytes(HostileText.bytes("{"));
            object.writeBytes(brokenKey ? text.brokenJson(key) : text.json(key));
            object.writeBytes(HostileText.bytes(":{\"n\":[1,2.50,-0.0,1e2,1e400,12345678901234567890,"
                    + "3.14159265358979323846264338327950288],\"s\":"));
            object.writeBytes(brokenValue ? text.brokenJson(value) : text.json(value));
            object.writeBytes(HostileText.bytes("}}"));
            member("task_params", object.toByteArray(), null);
            broken |= brokenKey || brokenValue;
            if (!broken) {
                paramsJson = new String(object.toByteArray(), StandardCharsets.UTF_8);
            }
        }

        void odd(String field, List<String> values) {
            if (random.nextBoolean()) {
                member(field, HostileText.bytes(pick(values)), null);
                jsonOnly = true;
            }
        }

        private final List<byte[]> members = new ArrayList<>();
        private final List<String> formParts = new ArrayList<>();

        private void member(String field, byte[] value, String formPart) {
            ByteArrayOutputStream member = new ByteArrayOutputStream();
            member.writeBytes(HostileText.bytes("\"" + field + "\":"));
            member.writeBytes(value);
            members.add(member.toByteArray());
            formParts.add(formPart);
            if (formPart == null) {
                jsonOnly = true;
            }
        }

        Generated request(String method, String path, List<byte[]> headers, Long taskId) {
            boolean refuse = broken || badKey || badOperator;
            String contentType;
            byte[] body;
            boolean unsupported = false;
            int shape = random.nextInt(20);
            if (shape == 0) {
                body = pick(ODD_BODIES).getBytes(StandardCharsets.UTF_8);
                contentType = "application/json";
                texts.clear();
                paramsJson = null;
                refuse = badKey || badOperator;
            } else if (shape < 3 && !jsonOnly) {
                body = HostileText.bytes(String.join("&", formParts));
                contentType = "application/x-www-form-urlencoded";
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.writeBytes(members.get(i));
                }
                out.write('}');
                body = out.toByteArray();
                if (random.nextInt(12) == 0) {
                    contentType = pick(REFUSED_TYPES);
                    refuse = true;
                    unsupported = true;
                } else {
                    contentType = random.nextInt(6) == 0 ? null : pick(ACCEPTED_TYPES);
                }
            }
            List<byte[]> all = new ArrayList<>(headers);
            if (contentType != null) {
                all.add(header("Content-Type", HostileText.bytes(contentType)));
            }
            return new Generated(method, path, HostileText.bytes(path), all, body, refuse, taskId, texts, paramsJson,
                    operator, unsupported);
        }
    }
}
