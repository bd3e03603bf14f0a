package org.opentask.app.system;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code X-Operator}, the name that goes into the audit trail, read as UTF-8, which is what clients send (curl
 * passes the bytes of its argument). Tomcat hands header bytes over one per character (ISO-8859-1), which would
 * store {@code é} as {@code Ã©}, and in which the bytes of an emoji or a dash read as control characters that
 * Spring Security's firewall refuses: so this runs before the security chain. Bytes that are not UTF-8 are a 400.
 */
class OperatorHeaderFilter extends OncePerRequestFilter {

    /** The header whose text is recorded (security's {@code Actor}); every other header is compared, not kept. */
    static final String HEADER = "X-Operator";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String operator = request.getHeader(HEADER);
        if (operator == null || operator.chars().allMatch(c -> c < 0x80)) {
            chain.doFilter(request, response);
            return;
        }
        String decoded;
        try {
            byte[] bytes = operator.getBytes(StandardCharsets.ISO_8859_1);
            decoded = FormEncoding.utf8(bytes, bytes.length);
        } catch (CharacterCodingException e) {
            Problems.write(response, HttpServletResponse.SC_BAD_REQUEST, HEADER + " must be UTF-8 text", HEADER);
            return;
        }
        chain.doFilter(new DecodedHeaderRequest(request, decoded), response);
    }

    /** The request with the header's value replaced by its decoded text. */
    private static final class DecodedHeaderRequest extends HttpServletRequestWrapper {

        private final String value;

        DecodedHeaderRequest(HttpServletRequest request, String value) {
            super(request);
            this.value = value;
        }

        @Override
        public String getHeader(String header) {
            return HEADER.equalsIgnoreCase(header) ? value : super.getHeader(header);
        }

        @Override
        public Enumeration<String> getHeaders(String header) {
            return HEADER.equalsIgnoreCase(header) ? Collections.enumeration(List.of(value)) : super.getHeaders(header);
        }
    }
}
