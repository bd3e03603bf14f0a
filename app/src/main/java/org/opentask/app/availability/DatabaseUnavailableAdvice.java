package org.opentask.app.availability;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request that meets a broken or unobtainable connection (the database stopped, the pool's connection timeout
 * passed) answers 503 with {@code Retry-After}, not 500: nothing was stored, and the same call may succeed in a
 * moment. Spring matches these types anywhere in the cause chain, so Axon's and Spring's wrappers are seen through.
 * It also asks the {@link DatabaseWatch} to check the database now.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableAdvice {

    static final String DETAIL = "The database is unreachable; nothing was changed, retry shortly";

    private final DatabaseWatch watch;
    private final long retryAfterSeconds;

    DatabaseUnavailableAdvice(DatabaseWatch watch, AvailabilityProperties properties) {
        this.watch = watch;
        this.retryAfterSeconds = properties.retryAfterSeconds();
    }

    @ExceptionHandler({SQLTransientConnectionException.class, SQLNonTransientConnectionException.class,
            SQLRecoverableException.class, DataAccessResourceFailureException.class, ConnectException.class,
            // a commit or rollback on a connection the database has just closed
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        watch.suspect();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Long.toString(retryAfterSeconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL));
    }
}
