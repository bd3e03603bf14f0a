package org.opentask.app.replay;

import org.opentask.app.system.InvalidRequestException;
import org.opentask.query.ProjectionReplay;
import org.opentask.query.ReplayAlreadyRunningException;
import org.opentask.query.ReplayStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators rebuild the read models from the event store and watch the rebuild (operator keys only). */
@RestController
@RequestMapping("/api/admin/replay")
class ReplayController {

    private final ProjectionReplay replay;

    ReplayController(ProjectionReplay replay) {
        this.replay = replay;
    }

    @GetMapping
    ReplayStatus status() {
        return replay.status();
    }

    /** Starts a replay of every projection, or of the one named; 202 with its status, 409 while one runs. */
    @PostMapping
    ResponseEntity<ReplayStatus> start(@RequestParam(required = false) String projection) {
        String name = projection == null || projection.isBlank() ? null : projection.trim();
        if (name != null && !ProjectionReplay.projections().contains(name)) {
            throw new InvalidRequestException("projection",
                    "projection must be one of " + ProjectionReplay.projections() + ", got '" + projection + "'");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(replay.start(name));
    }

    @ExceptionHandler(ReplayAlreadyRunningException.class)
    ProblemDetail running(ReplayAlreadyRunningException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("replay", e.status());
        return problem;
    }
}
