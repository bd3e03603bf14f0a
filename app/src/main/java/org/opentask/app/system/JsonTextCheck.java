package org.opentask.app.system;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a JSON body whose text is not valid Unicode, naming the field, rather than storing something else.
 * Two ways in: bytes that are not UTF-8 (Jackson reads an overlong {@code C0 AF} as {@code /}, and bytes from
 * {@code F5} up as garbage), and escapes of a lone UTF-16 surrogate ({@code "\ud800"}, {@code "end\ud83d"}, a
 * reversed pair), which no database column stores: MariaDB's driver writes them as {@code ?}. Keys count as text
 * too, inside {@code task_params} as well. Refused rather than stored: a lone surrogate is not a character, so no
 * faithful copy of it exists in UTF-8, and a client that sent one has a bug it should hear about.
 * <p>
 * The common body costs one pass over its bytes: only a body with non-UTF-8 bytes or a lone surrogate escape is
 * parsed here, to find the field.
 */
final class JsonTextCheck {

    /** What is wrong, and the top-level field it is in (null when it is in no field). */
    record Refusal(String field, String detail) {
    }

    /** Stands for each byte that is not UTF-8; never the result of decoding valid UTF-8. */
    private static final String NOT_UTF8 = "\uDFFF";

    private JsonTextCheck() {
    }

    /** Null when every text in the body is valid Unicode (or the body is no JSON, which the JSON reader answers). */
    static Refusal check(byte[] body, JsonMapper json) {
        boolean utf8 = isUtf8(body);
        if (utf8 && !hasLoneSurrogateEscape(body)) {
            return null;
        }
        String text = utf8 ? new String(body, StandardCharsets.UTF_8) : lenient(body);
        String where;
        try {
            where = brokenText(json.readTree(text), "");
        } catch (JacksonException e) {
            where = null;
        }
        String problem = utf8 ? "holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape), which is not "
                + "text: send the character itself or its complete surrogate pair"
                : "is not valid UTF-8";
        if (where == null) {
            return utf8 ? null : new Refusal(null, "The body is not valid UTF-8");
        }
        if (where.startsWith("{")) {
            // a field's name is what is broken
            String parent = where.substring(1);
            return new Refusal(parent.isEmpty() ? null : topLevel(parent),
                    (parent.isEmpty() ? "A field name" : "A field name in " + parent) + " " + problem);
        }
        return new Refusal(topLevel(where), where + " " + problem);
    }

    private static String topLevel(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return end == 0 ? path : path.substring(0, end);
    }

    /**
     * The path of the first text holding a lone surrogate, or {@code "{" + path} when it is the name of a field in
     * the object at {@code path}; null when there is none.
     */
    private static String brokenText(JsonNode node, String path) {
        if (node.isString()) {
            return hasLoneSurrogate(node.asString()) ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = brokenText(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (hasLoneSurrogate(property.getKey())) {
                    return "{" + path;
                }
                String found = brokenText(property.getValue(),
                        path.isEmpty() ? property.getKey() : path + "." + property.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String lenient(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(NOT_UTF8)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not fail", e);
        }
    }

    /** Whether a {@code \\uD800}-{@code \\uDFFF} escape appears other than as a high-then-low pair. */
    private static boolean hasLoneSurrogateEscape(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] != '\\') {
                continue;
            }
            int unit = escapedUnit(body, i);
            if (unit < 0) {
                i++; // an escaped character such as \\ or \": skip it
                continue;
            }
            if (Character.isHighSurrogate((char) unit)) {
                int next = escapedUnit(body, i + 6);
                if (next < 0 || !Character.isLowSurrogate((char) next)) {
                    return true;
                }
                i += 11;
            } else if (Character.isLowSurrogate((char) unit)) {
                return true;
            } else {
                i += 5;
            }
        }
        return false;
    }

    /** The code unit of a {@code \\uXXXX} escape starting at {@code at}, or -1 when there is none there. */
    private static int escapedUnit(byte[] body, int at) {
        if (at + 6 > body.length || body[at] != '\\' || body[at + 1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = 2; k < 6; k++) {
            int digit = Character.digit(body[at + k], 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }
}
