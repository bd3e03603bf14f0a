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

    /**
     * Starts a replay of every projection, or of those named (one, or several separated by commas); 202 with its
     * status, 409 while one runs, 400 naming {@code projection} for a name that is none.
     */
    @PostMapping
    ResponseEntity<ReplayStatus> start(@RequestParam(required = false) String projection) {
        String names = projection == null || projection.isBlank() ? null : projection.trim();
        try {
            ProjectionReplay.check(names);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("projection", e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(replay.start(names));
    }

    @ExceptionHandler(ReplayAlreadyRunningException.class)
    ProblemDetail running(ReplayAlreadyRunningException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("replay", e.status());
        return problem;
    }
}
