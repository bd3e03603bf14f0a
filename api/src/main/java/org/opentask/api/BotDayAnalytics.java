package org.opentask.api;

import java.time.LocalDate;

/**
 * One bot's day, counted by the events of that day: tasks created for it, started, completed, failed, cancelled,
 * retried and expired. A queue wait (pending, after creation or a retry, until started) counts on the day of the
 * start; a run time (started until completed, failed, cancelled or expired) on the day it ended. Averages and
 * p95 (nearest rank, exact) in milliseconds; null when the day has no such measurement.
 */
public record BotDayAnalytics(LocalDate day,
                              String assignedTo,
                              long created,
                              long started,
                              long completed,
                              long failed,
                              long cancelled,
                              long retried,
                              long expired,
                              long queueWaitCount,
                              Double queueWaitAvgMs,
                              Long queueWaitP95Ms,
                              long runTimeCount,
                              Double runTimeAvgMs,
                              Long runTimeP95Ms) {
}
