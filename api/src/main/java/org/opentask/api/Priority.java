package org.opentask.api;

/** How urgent a task is: P0 urgent, P1 important, P2 normal. Names sort in order of urgency. */
public enum Priority {
    P0, P1, P2;

    public static final Priority DEFAULT = P2;
}
