package org.opentask.app.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Texts a client may send, and the ways of breaking them. A valid text is any Unicode (accents, CJK, emoji and
 * other surrogate pairs, joiners, controls, U+FFFF) and must read back exactly; it is encoded for JSON with each
 * character either raw UTF-8 or as a {@code \\u} escape (as Python's {@code json.dumps} sends it), or for a query
 * string or form with each byte either plain or percent-encoded. A broken text carries one fragment that is not
 * Unicode: a lone surrogate escape, or bytes that are not UTF-8.
 */
final class HostileText {

    private static final List<String> PALETTE = List.of("a", "Z", "q", "0", "7", " ", "\"", "\\", "/", "%", "+", "&",
            "=", "?", "#", ";", "'", "<", ">", "{", "}", "é", "ß", "Å", "中", "日", "Ω", "😀", "👍🏽", "🇫🇷", "\u200d",
            "\u202e", "e\u0301", "\ufffd", "\uffff", "\u00a0", "\t", "\n", "\u0000", "\u007f", "\u2028");
    /** The palette for header values: no control characters, which HTTP does not carry in a header. */
    private static final List<String> HEADER_PALETTE = List.of("a", "Z", "0", " ", "é", "ß", "中", "😀", "Ω", "-",
            "'", "\"", "%");

    /** Lone surrogate escapes and bytes that are not UTF-8, as they stand inside a JSON string. */
    static final List<byte[]> BROKEN_JSON = List.of(bytes("\\ud800"), bytes("\\udfff"), bytes("\\ude00\\ud83d"),
            bytes("\\ud83d"), bytes("\\uDBFF\\u0041"), new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98});
    /** Broken percent-encoding and percent-encoded bytes that are not UTF-8. */
    static final List<String> BROKEN_FORM = List.of("%", "%f", "%zz", "%G1", "%C0%AF", "%ED%A0%80", "%F5%80%80%80",
            "%FF", "%E2%82", "%c0%80", "%F0%9F%98");
    /** Header bytes that are not UTF-8. */
    static final List<byte[]> BROKEN_HEADER = List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xE9}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});

    private final Random random;

    HostileText(Random random) {
        this.random = random;
    }

    /** Valid text of 1 to {@code maxLength} UTF-16 units that starts with a letter (so it is never blank). */
    String valid(int maxLength) {
        return build(maxLength, PALETTE);
    }

    /** Valid text for a header value: HTTP drops the spaces around a header's value, so it has none there. */
    String validHeader(int maxLength) {
        return build(maxLength, HEADER_PALETTE).strip();
    }

    private String build(int maxLength, List<String> palette) {
        int target = random.nextInt(10) == 0 ? maxLength : 1 + random.nextInt(Math.min(maxLength, 24));
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "T" : "ö");
        while (text.length() < target) {
            String next = palette.get(random.nextInt(palette.size()));
            if (text.length() + next.length() > target) {
                break;
            }
            text.append(next);
        }
        return text.toString();
    }

    /** A JSON string literal of {@code text}, each character raw or escaped at random. */
    byte[] json(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.writeBytes(random.nextBoolean() ? bytes("\\" + (char) c) : bytes(escape(c)));
            } else if (c < 0x20 || random.nextInt(4) == 0) {
                out.writeBytes(bytes(escape(c)));
            } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        out.write('"');
        return out.toByteArray();
    }

    /** A JSON string literal of {@code text} with a broken fragment put in at a character boundary. */
    byte[] brokenJson(String text) {
        byte[] valid = json(text);
        byte[] fragment = BROKEN_JSON.get(random.nextInt(BROKEN_JSON.size()));
        // after the opening quote or before the closing one: always between two characters
        int at = random.nextBoolean() ? 1 : valid.length - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(fragment);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    /** {@code text} percent-encoded for a query string or a form, each byte plain or encoded at random. */
    String form(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
            if (c == ' ' && random.nextBoolean()) {
                out.append('+');
            } else if (unreserved && random.nextInt(4) != 0) {
                out.append((char) c);
            } else {
                String hex = String.format("%%%02X", c);
                out.append(random.nextBoolean() ? hex : hex.toLowerCase());
            }
        }
        return out.toString();
    }

    /** {@code text} percent-encoded with a broken fragment at its start or end. */
    String brokenForm(String text) {
        String fragment = BROKEN_FORM.get(random.nextInt(BROKEN_FORM.size()));
        return random.nextBoolean() ? fragment + form(text) : form(text) + fragment;
    }

    private static String escape(int codePoint) {
        StringBuilder out = new StringBuilder();
        for (char unit : Character.toChars(codePoint)) {
            out.append(String.format("\\u%04x", (int) unit));
        }
        return out.toString();
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }
}
