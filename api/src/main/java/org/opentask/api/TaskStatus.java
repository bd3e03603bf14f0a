package org.opentask.api;

import java.util.Locale;

/** Where a task is in its life. On the wire a status is its lower-case name, as in {@link #toString()}. */
public enum TaskStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The status for a wire name such as {@code pending}, or {@code null} when there is none. */
    public static TaskStatus fromWireName(String wireName) {
        for (TaskStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
