package org.opentask.app.system;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request is an {@code /api/**} call, or an admin call under {@code /api/admin/}, judged by the path
 * Spring MVC routes it by. The raw request URI is not that path: {@code /api;x=1/tasks}, {@code /%61pi/tasks} and
 * {@code /api/%61dmin/replay} reach {@code /api/tasks} and {@code /api/admin/replay}, so a check on the raw URI
 * would let them past the key check, the operator check and the body bound. The servlet path is the container's
 * decoded and normalized path, without path parameters and without the context path. Doubled slashes are merged
 * and case is ignored here, so that no spelling a router might accept falls outside the rule.
 */
public final class ApiPaths {

    private ApiPaths() {
    }

    public static boolean isApi(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/api/") || path.equals("/api");
    }

    /** Every call under {@code /api/admin/} is an operator's call, whichever feature serves it. */
    public static boolean isAdmin(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/api/admin/") || path.equals("/api/admin");
    }

    /** The decoded, normalized path Spring routes on, doubled slashes merged, in lower case. */
    public static String path(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        while (path.contains("//")) {
            path = path.replace("//", "/");
        }
        return path.toLowerCase(Locale.ROOT);
    }
}
