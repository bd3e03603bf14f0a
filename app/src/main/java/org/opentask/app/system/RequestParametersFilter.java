package org.opentask.app.system;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request's parameters, and the header whose text is recorded, before anything acts on them, and answers
 * 400 naming the parameter when they cannot be decoded. Tomcat parses parameters lazily, the first time anyone
 * asks for one, and then throws from inside whatever asked (a filter, a controller's argument): a decoding error
 * ({@code ?to=%C0%AF}, {@code ?status=%}, {@code ?=x}) would surface there as a server error, or as a parameter
 * silently missing. Here the query string is decoded strictly first, so the answer can name the parameter; then
 * Tomcat is made to parse, so that anything it refuses on its own (a POST form body nobody else reads, too many
 * parameters) is refused here too. Runs after {@link JsonBodyFilter}, which reads every API body itself: Tomcat then
 * parses only the query string.
 */
class RequestParametersFilter extends OncePerRequestFilter {

    private static final Pattern TOMCAT_PARAMETER = Pattern.compile("Parameter \\[([^\\]]*)\\]");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            FormEncoding.decode(request.getQueryString());
        } catch (FormEncoding.MalformedException e) {
            Problems.write(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The query string cannot be read: " + e.getMessage(), e.field());
            return;
        }
        try {
            request.getParameterNames();
        } catch (IllegalStateException e) {
            Problems.write(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The request's parameters cannot be read: " + firstSentence(e.getMessage()), parameterIn(e));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Tomcat's message names the parameter ("Parameter [to] with value [...]") when it could read the name. */
    private static String parameterIn(IllegalStateException e) {
        Matcher matcher = TOMCAT_PARAMETER.matcher(e.getMessage() == null ? "" : e.getMessage());
        return matcher.find() && !matcher.group(1).isEmpty() ? matcher.group(1) : null;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "malformed parameters";
        }
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end + 1);
    }
}
