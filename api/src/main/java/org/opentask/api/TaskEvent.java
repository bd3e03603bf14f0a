package org.opentask.api;

import java.time.LocalDateTime;

/**
 * One stored event of a task: the raw audit.
 *
 * @param type           the event's name, such as {@code TaskStartedEvent}
 * @param sequenceNumber its place in the task's own stream, from 0
 * @param time           when it was stored, in the server's time zone
 * @param payload        the event itself, in today's shape (older shapes are upcast)
 * @param operator       who caused it, as the event names them
 */
public record TaskEvent(String type, long sequenceNumber, LocalDateTime time, Object payload, String operator) {
}
