package org.opentask.api;

import java.time.LocalDate;

/** Per bot, the tasks created on {@code day} (server time zone) and not deleted, counted by their status now. */
public record FindDayStatsQuery(LocalDate day) {
}
