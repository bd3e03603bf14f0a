package org.opentask.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.opentask.api.TaskLimits;
import org.opentask.app.system.RequestChecks;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Who acts in a call, for the audit trail (the {@code operator} of the events and of {@code bot_task_log}): the
 * name behind the caller's key when the key names one, else the {@code X-Operator} header, else nobody
 * ({@code name} null), and the Task then names the bot or the creator. Not to be confused with the operator role
 * ({@link Caller.Role#OPERATOR}): a bot acts under its own name too.
 */
public record Actor(String name) {

    static final String HEADER = "X-Operator";
    static final int MAX_LENGTH = TaskLimits.ACTOR_LENGTH;

    /** Lets controllers take an {@link Actor} parameter. */
    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Actor.class;
        }

        @Override
        public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                     NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            Caller caller = request == null ? null : Caller.of(request);
            if (caller != null && caller.name() != null) {
                return new Actor(caller.name());
            }
            String header = webRequest.getHeader(HEADER);
            return new Actor(RequestChecks.optionalText(HEADER, RequestChecks.emptyToNull(header), MAX_LENGTH));
        }
    }
}
