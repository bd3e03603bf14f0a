package org.opentask.app.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling, as its key says. {@code name} is null for the shared key, which identifies nobody in particular.
 */
public record Caller(String name, Role role) {

    static final String ATTRIBUTE = Caller.class.getName();

    public enum Role {
        /** A bot: works its tasks. */
        BOT,
        /** An operator: everything a bot may do, plus the admin calls and the console. */
        OPERATOR
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /**
     * The bot whose tasks alone this caller may work, or null for a caller not bound to one bot: an operator, or
     * the shared key in its {@code bot-only} role (the fleet's common key, as the original service had).
     */
    public String bot() {
        return role == Role.BOT ? name : null;
    }

    /** The caller of a request that passed the key check, or null. */
    public static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }
}
