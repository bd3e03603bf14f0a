package org.opentask.app.console;

import org.opentask.app.stats.AnalyticsRebuild;
import org.opentask.query.ProjectionReplay;
import org.opentask.query.ReplayAlreadyRunningException;
import org.opentask.query.ReplayStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Replay from the console: rebuild the read models from the event store (the {@link ProjectionReplay} that
 * {@code /api/admin/replay} also drives) and the analytics projection, and watch the progress bars move.
 */
@Controller
record ReplayPageController(ProjectionReplay replay, AnalyticsRebuild analytics) {

    @GetMapping("/web/replay")
    String page(Model model) {
        progress(model);
        model.addAttribute("projections", ProjectionReplay.projections());
        return "console/replay";
    }

    @GetMapping("/web/replay/progress")
    String progressFragment(Model model) {
        progress(model);
        return "console/replay :: progress";
    }

    private void progress(Model model) {
        ReplayStatus status = replay.status();
        long total = Math.max(status.eventsTotal(), status.eventsDone());
        int percent = status.state() == ReplayStatus.State.COMPLETED ? 100
                : total == 0 ? 0 : (int) Math.min(100, status.eventsDone() * 100 / total);
        model.addAttribute("replay", status);
        model.addAttribute("percent", percent);
        model.addAttribute("analytics", analytics.progress());
    }

    @PostMapping("/web/replay")
    String start(@RequestParam(required = false) String projection, RedirectAttributes redirect) {
        String name = projection == null || projection.isBlank() ? null : projection.trim();
        try {
            replay.start(name);
            redirect.addFlashAttribute("notice", "Replay of " + (name == null ? ProjectionReplay.ALL : name)
                    + " started.");
        } catch (ReplayAlreadyRunningException e) {
            redirect.addFlashAttribute("error", "A replay is already running: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/web/replay";
    }

    @PostMapping("/web/replay/analytics")
    String rebuildAnalytics(RedirectAttributes redirect) {
        try {
            analytics.start();
            redirect.addFlashAttribute("notice", "Analytics rebuild started from the first event.");
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("error", "The analytics could not be rebuilt here: " + e.getMessage());
        }
        return "redirect:/web/replay";
    }
}
