package org.opentask.app.system;

import java.util.stream.Collectors;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.opentask.api.TaskAccessRefusedException;
import org.opentask.api.TaskTransitionRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;

/**
 * Every error is an RFC 9457 problem whose {@code detail} says what went wrong and, for bad input, names the
 * field: the original service's clients read {@code detail}, problem-aware clients read the rest.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Task " + e.getAggregateIdentifier() + " not found");
    }

    /** Another bot's task is unknown to a bot (404); one it sees but may not change this way is a 403. */
    @ExceptionHandler(TaskAccessRefusedException.class)
    ProblemDetail accessRefused(TaskAccessRefusedException e) {
        return e.hidden()
                ? ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Task " + e.taskId() + " not found")
                : ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(TaskTransitionRefusedException.class)
    ProblemDetail refused(TaskTransitionRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("current_status", e.status() == null ? null : e.status().toString());
        return problem;
    }

    /** Another request changed the task between this one's read and write (another instance, say): nothing done. */
    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The task was changed by another request at the same moment; nothing was done, read it and retry");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        if (type.equals("long") || type.equals("Long") || type.equals("int") || type.equals("Integer")) {
            type = "integer";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + " must be an " + type + ", got '" + e.getValue() + "'");
        problem.setProperty("field", e.getName());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        Throwable cause = e.getMostSpecificCause();
        // a value of the wrong type, or a number too large for its field (max_retry 99999999999), names the field;
        // a syntax error is malformed JSON wherever it is
        if (cause instanceof JacksonException wrong && !wrong.getPath().isEmpty()
                && (wrong instanceof DatabindException || wrong instanceof InputCoercionException)) {
            String field = wrong.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            problem.setDetail(field + " has the wrong type or format: " + wrong.getOriginalMessage());
            problem.setProperty("field", field);
        } else if (cause instanceof JacksonException jackson) {
            problem.setDetail("Malformed JSON body: " + jackson.getOriginalMessage());
        } else {
            problem.setDetail("A JSON body is required");
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed unexpectedly; nothing was changed");
    }
}
