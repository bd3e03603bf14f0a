package org.opentask.api;

/**
 * A task brought over from another OpenTask service, in the state it had there: the first event of its stream, in
 * place of {@link TaskCreatedEvent}. Events after it are this engine's own.
 *
 * @param source where it came from: the original's JDBC URL without credentials
 */
public record TaskImportedEvent(long taskId, ImportedTask task, String source, String operator) {
}
