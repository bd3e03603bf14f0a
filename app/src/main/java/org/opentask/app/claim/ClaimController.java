package org.opentask.app.claim;

import java.time.Duration;
import java.util.Optional;

import org.opentask.api.TaskLimits;
import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /api/tasks/claim?assigned_to=X[&wait=S]}: takes X's next pending task and starts it in one call,
 * 200 with the started task or 204 when there is none. With {@code wait} the call waits up to that many seconds
 * for a task to arrive (long-poll) without holding a thread or a database connection.
 */
@RestController
record ClaimController(TaskClaims claims, ClaimWaiters waiters) {

    @PostMapping("/api/tasks/claim")
    DeferredResult<ResponseEntity<TaskView>> claim(
            @RequestParam(name = "assigned_to", required = false) String assignedTo,
            @RequestParam(required = false) Integer wait,
            Actor actor) {
        String bot = actor.queue(RequestChecks.requireText("assigned_to", RequestChecks.emptyToNull(assignedTo),
                TaskLimits.BOT_LENGTH));
        int seconds = wait == null ? 0 : wait;
        if (seconds < 0 || seconds > ClaimProperties.MAX_WAIT_SECONDS) {
            throw new InvalidRequestException("wait", "wait must be between 0 and "
                    + ClaimProperties.MAX_WAIT_SECONDS + " seconds, got " + seconds);
        }
        Optional<TaskView> task = claims.claimNext(bot, actor);
        if (task.isPresent() || seconds == 0) {
            DeferredResult<ResponseEntity<TaskView>> now = new DeferredResult<>();
            now.setResult(task.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build()));
            return now;
        }
        return waiters.await(bot, actor, Duration.ofSeconds(seconds));
    }

    @ExceptionHandler(TaskClaims.ClaimContentionException.class)
    ResponseEntity<ProblemDetail> contention(TaskClaims.ClaimContentionException e) {
        return retryLater(e.getMessage());
    }

    @ExceptionHandler(ClaimWaiters.TooManyWaitersException.class)
    ResponseEntity<ProblemDetail> tooManyWaiters(ClaimWaiters.TooManyWaitersException e) {
        return retryLater(e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> retryLater(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }
}
