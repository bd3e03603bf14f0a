package org.opentask.app.axon;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Tells Axon's event store when an append failed on a duplicate key: another instance stored an event of the same
 * task at the same sequence number first. Axon then reports a {@code ConcurrencyException}, not a failure of the
 * store. Axon's own JDBC resolver only recognises a {@link java.sql.SQLIntegrityConstraintViolationException} in
 * the cause chain, which H2 does not raise from a batch insert; Spring's translator knows each database's
 * duplicate-key codes (H2, MySQL, MariaDB) and looks inside batch exceptions.
 */
final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    private final SQLExceptionTranslator translator;

    DuplicateKeyResolver(DataSource dataSource) {
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && translator.translate("append events", null, sql) instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }
}
