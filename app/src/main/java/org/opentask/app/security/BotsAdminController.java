package org.opentask.app.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opentask.app.system.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bot registry over HTTP, for operators (every {@code /api/admin/**} call needs an operator's key): register,
 * list, change and disable bots; issue, rotate and revoke their keys. A key's text is in the answer that issues it
 * and nowhere else, ever. Every change counts at once on this instance and within
 * {@code opentask.security.registry-cache} on the others.
 */
@RestController
@RequestMapping("/api/admin/bots")
class BotsAdminController {

    /** The longest grace a rotated key may get: a week. */
    static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;
    static final long DEFAULT_GRACE_SECONDS = 3600;

    private final BotRegistry registry;

    BotsAdminController(BotRegistry registry) {
        this.registry = registry;
    }

    record NewBot(String name, String displayName, String description, Boolean enabled) {
    }

    record BotChange(String displayName, String description, Boolean enabled) {
    }

    record Rotation(Long graceSeconds) {
    }

    @GetMapping
    List<BotRegistry.Bot> list() {
        return registry.bots();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BotRegistry.Bot register(@RequestBody NewBot body) {
        return registry.register(body.name(), body.displayName(), body.description(),
                body.enabled() == null || body.enabled());
    }

    @GetMapping("/{name}")
    BotRegistry.Bot get(@PathVariable String name) {
        return registry.find(name).orElseThrow(() -> new BotRegistry.UnknownBotException(name));
    }

    @PutMapping("/{name}")
    BotRegistry.Bot change(@PathVariable String name, @RequestBody BotChange body) {
        return registry.update(name, body.displayName(), body.description(), body.enabled());
    }

    /** A new key for the bot, beside those it has: its text is in this answer only. */
    @PostMapping("/{name}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    BotRegistry.IssuedKey issue(@PathVariable String name) {
        return registry.issueKey(name);
    }

    /** A new key; the bot's other keys keep working for {@code grace_seconds} (default an hour, 0: revoked now). */
    @PostMapping("/{name}/keys/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    BotRegistry.IssuedKey rotate(@PathVariable String name, @RequestBody(required = false) Rotation body) {
        long grace = body == null || body.graceSeconds() == null ? DEFAULT_GRACE_SECONDS : body.graceSeconds();
        if (grace < 0 || grace > MAX_GRACE_SECONDS) {
            throw new InvalidRequestException("grace_seconds", "grace_seconds must be between 0 and "
                    + MAX_GRACE_SECONDS + ", got " + grace);
        }
        return registry.rotate(name, Duration.ofSeconds(grace));
    }

    @DeleteMapping("/{name}/keys/{id}")
    Map<String, Object> revoke(@PathVariable String name, @PathVariable long id) {
        if (!registry.revoke(name, id)) {
            throw new UnknownKeyException(name, id);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("revoked", true);
        return answer;
    }

    @ExceptionHandler({BotRegistry.UnknownBotException.class, UnknownKeyException.class})
    ProblemDetail unknown(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(BotRegistry.BotExistsException.class)
    ProblemDetail exists(BotRegistry.BotExistsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("field", "name");
        return problem;
    }

    static final class UnknownKeyException extends RuntimeException {

        UnknownKeyException(String bot, long id) {
            super("Bot " + bot + " has no key " + id);
        }
    }
}
