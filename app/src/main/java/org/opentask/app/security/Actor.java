package org.opentask.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.opentask.api.TaskLimits;
import org.opentask.app.system.RequestChecks;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who acts in a call, for the audit trail (the {@code operator} of the events and of {@code bot_task_log}): the
 * name behind the caller's key when the key names one, else the {@code X-Operator} header, else nobody
 * ({@code name} null), and the Task then names the bot or the creator. Not to be confused with the operator role
 * ({@link Caller.Role#OPERATOR}): a bot acts under its own name too.
 * <p>
 * {@code bot} is the bot whose tasks alone the caller may work ({@link Caller#bot()}), null when the caller may
 * work every task: the Task aggregate enforces it on every command, the read calls on every answer
 * ({@code docs/security.md} has the table).
 */
public record Actor(String name, String bot) {

    static final String HEADER = "X-Operator";
    static final int MAX_LENGTH = TaskLimits.ACTOR_LENGTH;

    /** Someone who may work every task (an operator, the console, the engine). */
    public Actor(String name) {
        this(name, null);
    }

    /** Whether this actor may see a task assigned to {@code assignedTo}: its own bot's tasks, or any. */
    public boolean mayRead(String assignedTo) {
        return bot == null || bot.equals(assignedTo);
    }

    /**
     * The queue this actor may list or claim when it asks for {@code assignedTo} (null: it names none): a bot only
     * its own, and its own when it names none; anyone else the one asked for. Another bot's queue is a 403.
     */
    public String queue(String assignedTo) {
        if (bot == null || bot.equals(assignedTo)) {
            return assignedTo;
        }
        if (assignedTo == null) {
            return bot;
        }
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "This key is bot " + bot + "'s: it lists and claims"
                + " only " + bot + "'s tasks, not " + assignedTo + "'s");
    }

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
                return new Actor(caller.name(), caller.bot());
            }
            String header = webRequest.getHeader(HEADER);
            return new Actor(RequestChecks.optionalText(HEADER, RequestChecks.emptyToNull(header), MAX_LENGTH));
        }
    }
}
