package org.opentask.app;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon when an event could not be stored because another one took its (aggregate, sequence) first, so that
 * it raises a {@code ConcurrencyException} (409) rather than a failure (500). Axon's own
 * {@code JdbcSQLErrorCodesResolver} follows only {@code getCause()}, but the JDBC engine appends events in a batch,
 * and H2 reports a batch's violation as the batch exception's next exception.
 */
class DuplicateKeyResolver implements PersistenceExceptionResolver {

    /** The SQL standard's unique violation; MySQL and MariaDB use the subclass below. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return isDuplicateKey(exception, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean isDuplicateKey(Throwable error, Set<Throwable> seen) {
        if (error == null || !seen.add(error)) {
            return false;
        }
        if (error instanceof SQLIntegrityConstraintViolationException) {
            return true;
        }
        if (error instanceof SQLException sql) {
            if (UNIQUE_VIOLATION.equals(sql.getSQLState()) || isDuplicateKey(sql.getNextException(), seen)) {
                return true;
            }
        }
        return isDuplicateKey(error.getCause(), seen);
    }
}
