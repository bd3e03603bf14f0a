package org.opentask.app;

import jakarta.servlet.http.HttpServletRequest;
import org.opentask.api.TaskLimits;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Who acts in a call, for the audit trail: the name behind the caller's key when the key names one, else the
 * {@code X-Operator} header, else nobody ({@code name} null), and the Task then names the bot or the creator.
 */
record Operator(String name) {

    static final String HEADER = "X-Operator";
    static final int MAX_LENGTH = TaskLimits.ACTOR_LENGTH;

    /** Lets controllers take an {@link Operator} parameter. */
    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Operator.class;
        }

        @Override
        public Operator resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                        NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            Caller caller = request == null ? null : Caller.of(request);
            if (caller != null && caller.name() != null) {
                return new Operator(caller.name());
            }
            String header = webRequest.getHeader(HEADER);
            return new Operator(header == null || header.isEmpty()
                    ? null : TaskRequests.optionalText(HEADER, header, MAX_LENGTH));
        }
    }
}
