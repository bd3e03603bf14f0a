package org.opentask.app.system;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code application/x-www-form-urlencoded} text, as query strings and form bodies carry it, decoded strictly: a
 * broken percent-escape ({@code %zz}, a lone {@code %}) or bytes that are not UTF-8 ({@code %C0%AF}, a lone
 * {@code %ED%A0%80} surrogate) are refused, never replaced or dropped, so that what a call acts on is exactly what
 * the client sent. The text is taken as Tomcat hands it over: one character per byte (ISO-8859-1).
 */
final class FormEncoding {

    private FormEncoding() {
    }

    record Field(String name, String value) {
    }

    /** Text that cannot be decoded; {@code field} names the parameter when its name could be read. */
    static final class MalformedException extends Exception {

        private final String field;

        MalformedException(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** The fields in the order sent; empty pairs ({@code a=1&&b=2}) are skipped, as Tomcat skips them. */
    static List<Field> decode(String encoded) throws MalformedException {
        List<Field> fields = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name;
            try {
                name = component(rawName);
            } catch (IllegalArgumentException e) {
                throw new MalformedException(null, "the parameter name '" + rawName + "' " + e.getMessage());
            }
            if (name.isEmpty()) {
                throw new MalformedException(null, "a parameter has no name: '" + pair + "'");
            }
            try {
                fields.add(new Field(name, eq < 0 ? "" : component(pair.substring(eq + 1))));
            } catch (IllegalArgumentException e) {
                throw new MalformedException(name, name + " " + e.getMessage());
            }
        }
        return fields;
    }

    /** One name or value: {@code +} is a space, {@code %XX} a byte, and the bytes must be UTF-8. */
    static String component(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c != '%' && c != '+' && c < 0x80;
        }
        if (plain) {
            return text;
        }
        byte[] bytes = new byte[text.length() * 3];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("has a broken percent-escape '"
                            + text.substring(i, Math.min(text.length(), i + 3)) + "': % must be followed by two hex digits");
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c <= 0xFF) {
                bytes[n++] = (byte) c;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(encoded, 0, bytes, n, encoded.length);
                n += encoded.length;
            }
        }
        try {
            return utf8(bytes, n);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded");
        }
    }

    /** The first {@code length} bytes as UTF-8, refusing overlong forms, encoded surrogates and stray bytes. */
    static String utf8(byte[] bytes, int length) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length))
                .toString();
    }
}
