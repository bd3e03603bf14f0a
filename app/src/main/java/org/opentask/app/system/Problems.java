package org.opentask.app.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;

/** Error answers written by filters, before Spring MVC: the same RFC 9457 shape the controllers answer with. */
public final class Problems {

    private Problems() {
    }

    public static void write(HttpServletResponse response, int status, String detail) throws IOException {
        write(response, status, detail, null);
    }

    /** As {@link #write(HttpServletResponse, int, String)}, with the {@code field} that is wrong when one is known. */
    public static void write(HttpServletResponse response, int status, String detail, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, detail, field));
    }

    /** The problem as JSON text. */
    static String json(int status, String detail, String field) {
        HttpStatus known = HttpStatus.resolve(status);
        return "{\"type\":\"about:blank\",\"title\":\"" + (known == null ? "Error" : known.getReasonPhrase())
                + "\",\"status\":" + status + ",\"detail\":\"" + escape(detail) + "\""
                + (field == null ? "" : ",\"field\":\"" + escape(field) + "\"") + "}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    // control characters, and a lone surrogate that a garbled name may hold, as escapes
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
