package org.opentask.app.console;

import java.util.List;
import java.util.Locale;

import org.opentask.app.webhook.Webhooks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The webhooks page: the subscriptions, switched on and off here, and the latest deliveries with every attempt
 * (when, the answer's status, how long, the error, the start of the answer), each of which can be sent again.
 * Subscriptions are registered and changed through {@code /api/admin/webhooks}.
 */
@Controller
class WebhooksPageController {

    private static final int SHOWN = 50;
    private static final List<String> STATUSES = List.of("pending", "delivered", "failed");

    private final Webhooks webhooks;

    WebhooksPageController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/web/webhooks")
    String page(@RequestParam(required = false) String status, Model model) {
        String shown = status == null ? null : status.toLowerCase(Locale.ROOT);
        if (shown != null && !STATUSES.contains(shown)) {
            shown = null;
        }
        model.addAttribute("subscriptions", webhooks.subscriptions());
        model.addAttribute("deliveries", webhooks.deliveries(null, null, shown, SHOWN).stream()
                .map(d -> webhooks.delivery(d.id()).orElse(d))
                .toList());
        model.addAttribute("status", shown);
        model.addAttribute("statuses", STATUSES);
        return "console/webhooks";
    }

    @PostMapping("/web/webhooks/{id}/enabled")
    String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        if (webhooks.enable(id, enabled)) {
            redirect.addFlashAttribute("notice", "Subscription " + id + (enabled ? " enabled." : " disabled."));
        } else {
            redirect.addFlashAttribute("error", "No subscription " + id + ".");
        }
        return "redirect:/web/webhooks";
    }

    @PostMapping("/web/webhooks/deliveries/{id}/redeliver")
    String redeliver(@PathVariable long id, RedirectAttributes redirect) {
        if (webhooks.redeliver(id).isPresent()) {
            redirect.addFlashAttribute("notice", "Delivery " + id + " is being sent again.");
        } else {
            redirect.addFlashAttribute("error", "No delivery " + id + ".");
        }
        return "redirect:/web/webhooks";
    }
}
