package org.opentask.app.migration;

import java.util.List;

/**
 * What an import did, in the operator's words. {@code complete}: every task of the original is in this engine now
 * (brought over by this run or an earlier one); only then does the run mode exit with 0.
 *
 * @param source        the original's JDBC URL, without credentials
 * @param tasksInSource the tasks the original holds, deleted ones included
 * @param imported      brought over by this run
 * @param alreadyThere  brought over by an earlier run, left as they are
 * @param auditRows     the original's audit rows brought over with this run's tasks
 * @param remaining     not looked at by this run (a run given a {@code limit} stops early; the next run goes on)
 * @param rejected      rows this engine cannot hold as they are: not imported, each with its reason
 * @param botsKept      {@code bot_config} rows registered as bots (or found registered) and kept as they were
 * @param botsRefused   bots kept but not registered: names the registry refuses, with the reason
 * @param nextTaskId    the id the engine's next new task gets at the least
 */
record ImportReport(String source, long tasksInSource, long imported, long alreadyThere, long auditRows,
                    long remaining, List<Rejected> rejected, int botsKept, List<String> botsRefused,
                    long nextTaskId, boolean complete) {

    /** A row left in the original: the task's id, the field at fault, its value (abbreviated) and why. */
    record Rejected(long taskId, String field, String value, String reason) {
    }

    /** How many tasks were rejected; one task may have several reasons in {@link #rejected}. */
    long rejectedTasks() {
        return rejected.stream().mapToLong(Rejected::taskId).distinct().count();
    }

    String summary() {
        return "Import from " + source + ": " + (complete ? "complete" : "INCOMPLETE") + ". " + tasksInSource
                + " tasks in the original; " + imported + " imported now with " + auditRows + " audit rows, "
                + alreadyThere + " imported before, " + rejectedTasks() + " rejected, " + remaining
                + " not yet looked at; " + botsKept + " bots registered and kept" + (botsRefused.isEmpty() ? ""
                : " (" + botsRefused.size() + " not registered)") + "; new tasks get ids from " + nextTaskId + ".";
    }
}
