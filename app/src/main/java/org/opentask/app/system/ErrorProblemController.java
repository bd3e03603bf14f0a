package org.opentask.app.system;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page: what the container forwards to when something answered with {@code sendError} (Spring Security's
 * firewall refusing {@code ;} in a path, a broken chunked body) or an exception escaped a filter. It answers with
 * the API's problem JSON, and takes the place of Spring Boot's, whose body has another shape and which answered a
 * direct {@code GET /error} with 500 and {@code "status":999}: called directly, it is a path like any unknown one.
 */
@Hidden
@RestController
class ErrorProblemController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorProblemController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            return answer(HttpStatus.NOT_FOUND.value(), "No resource at " + request.getRequestURI());
        }
        int status = code < 400 || code > 599 ? HttpStatus.INTERNAL_SERVER_ERROR.value() : code;
        if (status >= 500) {
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("Unexpected failure of {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure instanceof Throwable t ? t : null);
            return answer(status, "The service failed unexpectedly; nothing was changed");
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error " + status : known.getReasonPhrase();
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return answer(status, message instanceof String text && !text.isBlank() ? reason + ": " + text
                : reason + ": the request to " + uri + " cannot be served as sent");
    }

    private static ResponseEntity<ProblemDetail> answer(int status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail));
    }
}
