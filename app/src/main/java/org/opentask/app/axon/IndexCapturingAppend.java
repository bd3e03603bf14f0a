package org.opentask.app.axon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;
import org.opentask.query.AppendedIndexes;

/**
 * Axon's append of a command's events, which also keeps the global index the database gave each event: the insert
 * asks for its generated keys, which come back with the insert's own answer, and they are kept in the command's
 * unit of work ({@link AppendedIndexes}). The audit trail's rows are numbered by global
 * index, and without this {@code TaskLogProjection} read each event's index back with one more query.
 * <p>
 * Axon builds the statement on the connection it is given; here that connection asks for the keys and the
 * statement reads them after Axon executes it. If the driver answers fewer keys than events, nothing is kept and
 * the projection reads the index back as before.
 */
final class IndexCapturingAppend implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        Connection askingForKeys = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return capturing(connection.prepareStatement((String) args[0],
                                Statement.RETURN_GENERATED_KEYS), events);
                    }
                    return invoke(connection, method, args);
                });
        return JdbcEventStorageEngineStatements.appendEvents(askingForKeys, schema, dataType, events, serializer,
                timestampWriter);
    }

    private PreparedStatement capturing(PreparedStatement statement, List<? extends EventMessage<?>> events) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(statement, method, args);
            if (method.getName().equals("executeBatch") || method.getName().equals("executeLargeBatch")) {
                keep(statement, events);
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static void keep(PreparedStatement statement, List<? extends EventMessage<?>> events)
            throws SQLException {
        List<Long> keys = new ArrayList<>(events.size());
        try (ResultSet generated = statement.getGeneratedKeys()) {
            while (generated.next()) {
                keys.add(generated.getLong(1));
            }
        }
        AppendedIndexes.keep(events, keys);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
