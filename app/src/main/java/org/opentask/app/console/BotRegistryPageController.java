package org.opentask.app.console;

import java.time.Duration;

import org.opentask.app.security.BotRegistry;
import org.opentask.app.system.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The bot registry on the Bots page: register a bot, disable or enable it, issue, rotate and revoke its keys. A
 * key just issued is shown once, on the page the form leads back to, and kept nowhere but as its hash.
 */
@Controller
class BotRegistryPageController {

    private static final String BACK = "redirect:/web/bots";

    private final BotRegistry registry;

    BotRegistryPageController(BotRegistry registry) {
        this.registry = registry;
    }

    @PostMapping("/web/bots/register")
    String register(@RequestParam String name,
                    @RequestParam(name = "display_name", required = false) String displayName,
                    @RequestParam(required = false) String description,
                    RedirectAttributes redirect) {
        return outcome(redirect, () -> {
            registry.register(name.strip(), blankToNull(displayName), blankToNull(description), true);
            redirect.addFlashAttribute("notice", "Bot " + name.strip() + " registered.");
        });
    }

    @PostMapping("/web/bots/{name}/enabled")
    String enabled(@PathVariable String name, @RequestParam boolean enabled, RedirectAttributes redirect) {
        return outcome(redirect, () -> {
            registry.update(name, null, null, enabled);
            redirect.addFlashAttribute("notice", "Bot " + name + (enabled ? " enabled." : " disabled: its keys are"
                    + " refused, its tasks stay."));
        });
    }

    @PostMapping("/web/bots/{name}/keys")
    String issue(@PathVariable String name, RedirectAttributes redirect) {
        return outcome(redirect, () -> shown(redirect, registry.issueKey(name)));
    }

    @PostMapping("/web/bots/{name}/keys/rotate")
    String rotate(@PathVariable String name, @RequestParam(name = "grace_minutes", defaultValue = "60") long minutes,
                  RedirectAttributes redirect) {
        return outcome(redirect, () -> {
            if (minutes < 0 || minutes > 7 * 24 * 60) {
                throw new InvalidRequestException("grace_minutes", "The grace must be 0 to 10080 minutes");
            }
            shown(redirect, registry.rotate(name, Duration.ofMinutes(minutes)));
        });
    }

    @PostMapping("/web/bots/{name}/keys/{id}/revoke")
    String revoke(@PathVariable String name, @PathVariable long id, RedirectAttributes redirect) {
        return outcome(redirect, () -> {
            registry.revoke(name, id);
            redirect.addFlashAttribute("notice", "Key " + id + " of " + name + " revoked.");
        });
    }

    private static void shown(RedirectAttributes redirect, BotRegistry.IssuedKey key) {
        redirect.addFlashAttribute("issuedKey", key);
        redirect.addFlashAttribute("notice", "New key for " + key.botName() + ": copy it now, it is not shown again.");
    }

    private static String outcome(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
        } catch (InvalidRequestException | BotRegistry.BotExistsException | BotRegistry.UnknownBotException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return BACK;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
