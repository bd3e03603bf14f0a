package org.opentask.app.console;

import java.util.List;

import org.opentask.api.TaskLimits;
import org.opentask.app.security.ApiKeys;
import org.opentask.app.security.Caller;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * An operator signs in to the console with a name and an operator key, the same keys {@code /api/**} accepts.
 * A named operator key ({@code opentask.security.operator-keys.<name>}) signs in only under its own name; the
 * shared key acts under the name given, as {@code X-Operator} does on the API. Bot keys are refused.
 */
@Component
class OperatorLogin implements AuthenticationProvider {

    static final String ROLE = "OPERATOR";
    private final ApiKeys keys;

    OperatorLogin(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName() == null ? "" : authentication.getName().trim();
        Object credentials = authentication.getCredentials();
        String key = credentials == null ? "" : credentials.toString();
        if (name.isEmpty() || name.length() > TaskLimits.ACTOR_LENGTH || key.isEmpty()) {
            throw new BadCredentialsException("Name and key are required");
        }
        Caller caller = keys.resolve(key);
        if (caller == null || !caller.isOperator() || (caller.name() != null && !caller.name().equals(name))) {
            throw new BadCredentialsException("Unknown name or key");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
