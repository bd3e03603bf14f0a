package org.opentask.app.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request is an {@code /api/**} call, judged by the path Spring MVC routes it by. The raw request URI
 * is not that path: {@code /api;x=1/tasks} and {@code /%61pi/tasks} both reach {@code /api/tasks}, so a check on
 * the raw URI would let them past the key check and the body bound. The servlet path is the container's decoded
 * and normalized path, without path parameters and without the context path.
 */
public final class ApiPaths {

    private ApiPaths() {
    }

    public static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith("/api/") || path.equals("/api");
    }
}
