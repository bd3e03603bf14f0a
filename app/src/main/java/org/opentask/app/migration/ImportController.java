package org.opentask.app.migration;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;

import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.opentask.app.system.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The import as an operator's call (operator keys only, like every {@code /api/admin/} call): the same run as the
 * jar's import mode, answered with its report when it ends. Idempotent: calling it again brings over only what is
 * still missing.
 */
@RestController
@RequestMapping("/api/admin/import")
class ImportController {

    private final TaskImport taskImport;

    ImportController(TaskImport taskImport) {
        this.taskImport = taskImport;
    }

    record ImportRequest(String url, String username, String password, Long limit, String timeZone) {
    }

    @PostMapping
    ImportReport start(@RequestBody ImportRequest request, Actor actor) throws SQLException {
        String url = RequestChecks.requireText("url", request.url(), 2000);
        if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
            throw new InvalidRequestException("url", "url must be the JDBC URL of the original's MySQL or MariaDB"
                    + " database, such as jdbc:mariadb://127.0.0.1:3306/hope_engine; got '"
                    + TaskImport.withoutCredentials(url) + "'");
        }
        long limit = request.limit() == null ? 0 : request.limit();
        if (limit < 0) {
            throw new InvalidRequestException("limit", "limit must be 0 (all) or more, got " + limit);
        }
        ZoneId zone = null;
        if (request.timeZone() != null && !request.timeZone().isBlank()) {
            try {
                zone = ZoneId.of(request.timeZone());
            } catch (DateTimeException e) {
                throw new InvalidRequestException("time_zone", "time_zone must be a zone such as Asia/Shanghai,"
                        + " got '" + request.timeZone() + "'");
            }
        }
        return taskImport.run(url, request.username(), request.password(), limit, zone,
                actor.name() == null ? ImportRunMode.OPERATOR : actor.name());
    }

    /** The original cannot be read (unreachable, wrong credentials, not an original's schema): the caller's to fix. */
    @ExceptionHandler(SQLException.class)
    ProblemDetail unreadable(SQLException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "The original database cannot be read: " + e.getMessage());
    }
}
