package org.opentask.app.system;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds request bodies and reads them as JSON whatever they were labelled. The original service's own examples
 * send JSON with plain {@code curl -d '{...}'}, that is as {@code application/x-www-form-urlencoded}; such a body,
 * or one with no content type, is passed on as the JSON it is. A real form body ({@code result=done}) becomes the
 * JSON object of its fields. Bodies over the bound are refused with 413 before anything reads them.
 */
class JsonBodyFilter extends OncePerRequestFilter {

    private final int maxBytes;
    private final JsonMapper jsonMapper;

    JsonBodyFilter(int maxBytes, JsonMapper jsonMapper) {
        this.maxBytes = maxBytes;
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !ApiPaths.isApi(request)
                || !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Problems.write(response, 413, tooLarge());
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException e) {
            // the body ended before its Content-Length, or its chunked encoding is broken: the client's doing
            Problems.write(response, 400, "The request body cannot be read: it ended early or is malformed");
            return;
        }
        if (body.length > maxBytes) {
            Problems.write(response, 413, tooLarge());
            return;
        }
        String contentType = request.getContentType();
        if (body.length == 0 && contentType != null && mediaType(contentType) != null && accepted(mediaType(contentType))) {
            // curl -X PUT -d '' sends an empty form: no body, as for a call without one
            contentType = MediaType.APPLICATION_JSON_VALUE;
        }
        if (body.length > 0) {
            MediaType type = mediaType(contentType);
            if (type == null || !accepted(type)) {
                Problems.write(response, 415, "Content-Type " + contentType + " is not accepted: send the body as JSON"
                        + " (application/json, UTF-8) or as a form (application/x-www-form-urlencoded)");
                return;
            }
            if (isForm(type) && !looksLikeJson(body)) {
                try {
                    body = formToJson(body);
                } catch (FormEncoding.MalformedException e) {
                    Problems.write(response, 400, "The form body cannot be read: " + e.getMessage(), e.field());
                    return;
                }
            }
            if (contentType == null || contentType.isBlank() || !isJson(type)) {
                contentType = MediaType.APPLICATION_JSON_VALUE;
            }
            JsonTextCheck.Refusal refusal = JsonTextCheck.check(body, jsonMapper);
            if (refusal != null) {
                Problems.write(response, 400, refusal.detail(), refusal.field());
                return;
            }
        }
        chain.doFilter(new BufferedRequest(request, body, contentType), response);
    }

    private String tooLarge() {
        return "Request body is larger than " + maxBytes + " bytes";
    }

    /** The content type, {@code application/json} when none is given, null when it cannot be parsed. */
    private static MediaType mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * JSON, a form (curl's {@code -d}), or plain text (what a browser's {@code fetch} labels a string body), in
     * UTF-8: JSON text is UTF-8 (RFC 8259), and a body in another charset would be read as other characters.
     */
    private static boolean accepted(MediaType type) {
        boolean utf8;
        try {
            utf8 = type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (IllegalArgumentException e) {
            utf8 = false;
        }
        return utf8 && (isJson(type) || isForm(type) || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type));
    }

    private static boolean isJson(MediaType type) {
        return type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    private static boolean isForm(MediaType type) {
        return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type);
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return false;
    }

    private byte[] formToJson(byte[] body) throws FormEncoding.MalformedException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (FormEncoding.Field field : FormEncoding.decode(new String(body, StandardCharsets.ISO_8859_1))) {
            fields.put(field.name(), field.value());
        }
        return jsonMapper.writeValueAsBytes(fields);
    }

    /** The request with its body read into memory and its content type set to JSON. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final String contentType;

        BufferedRequest(HttpServletRequest request, byte[] body, String contentType) {
            super(request);
            this.body = body;
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getHeader(String name) {
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                return contentType;
            }
            if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                String value = getHeader(name);
                return value == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
