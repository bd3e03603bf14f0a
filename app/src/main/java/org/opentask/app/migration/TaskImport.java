package org.opentask.app.migration;

import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.opentask.api.ImportTaskCommand;
import org.opentask.api.ImportedTask;
import org.opentask.api.TaskImportedEvent;
import org.opentask.app.migration.ImportReport.Rejected;
import org.opentask.app.migration.OriginalDatabase.LogRow;
import org.opentask.app.migration.OriginalDatabase.TaskRow;
import org.opentask.app.task.TaskIdAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Brings an original OpenTask database over: every task as one {@link TaskImportedEvent} under its own id, with its
 * audit rows, and the {@code bot_config} rows. A task is one event, stored or not: a run that stops anywhere leaves
 * whole tasks behind it, and the next run skips what the event store already holds (by id, looking at the task's
 * first event), so running it again completes it and running it twice brings nothing over twice. The original is
 * only read. One run at a time in this instance.
 */
@Component
record TaskImport(CommandGateway commands, JdbcClient jdbc, TaskIdAllocator ids, OriginalBots bots,
                  ZoneId serverZone) {

    private static final Logger log = LoggerFactory.getLogger(TaskImport.class);
    private static final int PAGE = 200;
    private static final String IMPORTED = TaskImportedEvent.class.getName();

    /**
     * @param limit    at most this many tasks are imported by this run; 0: all
     * @param zone     the zone of the original's local times; null: the engine's
     * @param operator who runs it, for the audit trail
     */
    synchronized ImportReport run(String url, String username, String password, long limit, ZoneId zone,
                                  String operator) throws SQLException {
        String source = withoutCredentials(url);
        OriginalRows reader = new OriginalRows(zone == null ? serverZone : zone);
        try (OriginalDatabase original = OriginalDatabase.open(url, username, password)) {
            long total = original.countTasks();
            long nextId = ids.reserveAbove(original.maxTaskId());
            List<String> botsRefused = new ArrayList<>();
            int botsKept = bots.keep(original.bots(), botsRefused);
            log.info("Importing {} tasks from {}", total, source);
            List<Rejected> rejected = new ArrayList<>();
            long imported = 0;
            long alreadyThere = 0;
            long auditRows = 0;
            long seen = 0;
            long after = 0;
            boolean stopped = false;
            while (!stopped) {
                List<TaskRow> page = original.tasksAfter(after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                Map<Long, List<LogRow>> logs = original.logsOf(page.stream().map(TaskRow::id).toList());
                Map<Long, String> firstEvents = firstEvents(page);
                for (TaskRow row : page) {
                    if (limit > 0 && imported >= limit) {
                        stopped = true;
                        break;
                    }
                    seen++;
                    after = row.id();
                    String first = firstEvents.get(row.id());
                    if (first != null) {
                        alreadyThere += alreadyThere(row.id(), first, rejected) ? 1 : 0;
                        continue;
                    }
                    ImportedTask task = reader.read(row, logs.getOrDefault(row.id(), List.of()), rejected);
                    if (task != null) {
                        commands.sendAndWait(new ImportTaskCommand(row.id(), task, source, operator));
                        imported++;
                        auditRows += task.history().size();
                    }
                }
                log.info("Import from {}: {} of {} tasks looked at, {} imported, {} imported before, {} rejected",
                        source, seen, total, imported, alreadyThere, rejected.size());
            }
            long remaining = Math.max(0, total - seen);
            ImportReport report = new ImportReport(source, total, imported, alreadyThere, auditRows, remaining,
                    List.copyOf(rejected), botsKept, List.copyOf(botsRefused), nextId,
                    rejected.isEmpty() && remaining == 0);
            log.info(report.summary());
            botsRefused.forEach(bot -> log.warn("Bot kept but not registered: {}", bot));
            rejected.forEach(r -> log.warn("Not imported: task {} {} = '{}': {}", r.taskId(), r.field(), r.value(),
                    r.reason()));
            return report;
        }
    }

    /** True when the task was imported before; an id this engine gave a task of its own is a conflict, reported. */
    private static boolean alreadyThere(long id, String firstEvent, List<Rejected> rejected) {
        if (IMPORTED.equals(firstEvent)) {
            return true;
        }
        rejected.add(new Rejected(id, "id", Long.toString(id),
                "this engine already holds a task of its own under this id (its first event is "
                        + firstEvent.substring(firstEvent.lastIndexOf('.') + 1) + ")"));
        return false;
    }

    /** The type of the first stored event of each of these tasks that the event store holds. */
    private Map<Long, String> firstEvents(List<TaskRow> page) {
        List<String> aggregateIds = page.stream().map(row -> Long.toString(row.id())).toList();
        String in = aggregateIds.stream().map(id -> "?").collect(Collectors.joining(","));
        Map<Long, String> first = new HashMap<>();
        jdbc.sql("SELECT aggregate_identifier, payload_type FROM domain_event_entry WHERE sequence_number = 0"
                        + " AND aggregate_identifier IN (" + in + ")")
                .params(new ArrayList<Object>(aggregateIds))
                .query(rs -> {
                    first.put(Long.parseLong(rs.getString(1)), rs.getString(2));
                });
        return first;
    }

    /** What a report and the audit trail may show of a JDBC URL: no user, no password. */
    static String withoutCredentials(String url) {
        String base = url.replaceFirst("//[^/@]*@", "//");
        int query = base.indexOf('?');
        return query < 0 ? base : base.substring(0, query);
    }
}
