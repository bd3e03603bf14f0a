package org.opentask.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every {@code /api/**} call carries the key in {@code X-Bot-Key}; the answer says whether it was missing or wrong. */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Bot-Key";

    private final byte[] key;

    ApiKeyFilter(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given == null || given.isEmpty()) {
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Missing X-Bot-Key header");
        } else if (!MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Invalid API Key");
        } else {
            chain.doFilter(request, response);
        }
    }
}
