package org.opentask.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/** H2: the embedded default, which one instance uses alone, and the scratch copies of replays and histories. */
final class H2Dialect implements DatabaseDialect {

    /** The names a table's DDL gives its constraints and indexes, which are unique in their schema. */
    private static final Pattern NAMED = Pattern.compile(
            "(ADD CONSTRAINT|CREATE INDEX|CREATE UNIQUE INDEX) \"(\\w+)\"\\.\"(\\w+)\"");
    /** What a shadow table's constraints and indexes are called: the live table's names, and this. */
    private static final String SHADOW = "_S";
    private static final String OLD = "_O";

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String migrations() {
        return "classpath:db/migration/h2";
    }

    /**
     * H2 has no {@code CREATE TABLE ... LIKE}: the table is made by H2's own DDL of {@code like} (columns with their
     * defaults, keys, indexes), its constraints and indexes renamed, since their names are unique in a schema.
     */
    @Override
    public void createTableLike(JdbcClient jdbc, String table, String like) {
        String from = quoted(like);
        for (String statement : definition(jdbc, like)) {
            Matcher named = NAMED.matcher(statement.replace(from, quoted(table)));
            jdbc.sql(named.replaceAll(m -> Matcher.quoteReplacement(
                    m.group(1) + " \"" + m.group(2) + "\".\"" + m.group(3) + SHADOW + "\""))).update();
        }
    }

    /**
     * Renames: a shadow table has the live table's indexes, so no row is copied. H2 renames one table at a time
     * (readers are held meanwhile: {@link #swapsAtOnce}), and each rename commits. The new table then takes the old
     * one's index and constraint names, which migrations may refer to; the old one takes the shadow's. Since each
     * rename commits, a failure half-way is undone by renaming back what was renamed, newest first: the live tables
     * are then the old ones, under their own names, and the replay fails as a whole.
     */
    @Override
    public void swapIn(JdbcClient jdbc, Map<String, String> shadowByTable) {
        Deque<String> undo = new ArrayDeque<>();
        try {
            shadowByTable.forEach((table, shadow) -> {
                List<String[]> names = names(jdbc, table);
                renameTable(jdbc, table, table + "_swap", undo);
                renameTable(jdbc, shadow, table, undo);
                renameTable(jdbc, table + "_swap", shadow, undo);
                rename(jdbc, shadow, names, "", OLD, undo);
                rename(jdbc, table, names, SHADOW, "", undo);
                rename(jdbc, shadow, names, OLD, SHADOW, undo);
            });
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    jdbc.sql(undo.pop()).update();
                } catch (RuntimeException undoing) {
                    e.addSuppressed(undoing);
                }
            }
            recompileViews(jdbc);
            throw e;
        }
        recompileViews(jdbc);
    }

    /** A view reads the table of its name, but H2 keeps it depending on the renamed one until it is recompiled. */
    private static void recompileViews(JdbcClient jdbc) {
        List<String> views = jdbc.sql("SELECT '\"' || TABLE_SCHEMA || '\".\"' || TABLE_NAME || '\"'"
                + " FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'").query(String.class).list();
        for (String view : views) {
            jdbc.sql("ALTER VIEW " + view + " RECOMPILE").update();
        }
    }

    /** Renames a table; {@code undo} gets the statement that renames it back. */
    private static void renameTable(JdbcClient jdbc, String from, String to, Deque<String> undo) {
        jdbc.sql("ALTER TABLE " + from + " RENAME TO " + to).update();
        undo.push("ALTER TABLE " + to + " RENAME TO " + from);
    }

    @Override
    public boolean swapsAtOnce() {
        return false;
    }

    /** An H2 database has one instance of the service: its commands are held in the process. */
    @Override
    public AppendHold appendHold(DataSource dataSource) {
        return new AppendHold() {
            @Override
            public void holdAfter(long globalIndex) {
            }

            @Override
            public void release() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** The statements that make {@code table}: the table, its constraints and its indexes. */
    private static List<String> definition(JdbcClient jdbc, String table) {
        return jdbc.sql("SCRIPT NODATA NOPASSWORDS NOSETTINGS TABLE " + table).query(String.class).list().stream()
                .filter(statement -> statement.startsWith("CREATE CACHED TABLE")
                        || statement.startsWith("CREATE MEMORY TABLE") || statement.startsWith("ALTER TABLE")
                        || statement.startsWith("CREATE INDEX") || statement.startsWith("CREATE UNIQUE INDEX"))
                .toList();
    }

    /** The constraints' and indexes' names of {@code table}: {kind, schema, name}. */
    private static List<String[]> names(JdbcClient jdbc, String table) {
        List<String[]> names = new ArrayList<>();
        for (String statement : definition(jdbc, table)) {
            Matcher named = NAMED.matcher(statement);
            while (named.find()) {
                names.add(new String[] {named.group(1), named.group(2), named.group(3)});
            }
        }
        return names;
    }

    /**
     * Renames each constraint and index of {@code table} from its name and {@code from} to it and {@code to};
     * {@code undo} gets the statements that rename them back.
     */
    private static void rename(JdbcClient jdbc, String table, List<String[]> names, String from, String to,
                               Deque<String> undo) {
        for (String[] name : names) {
            String[] there = renaming(table, name, from, to);
            jdbc.sql(there[0]).update();
            undo.push(there[1]);
        }
    }

    /** The statement that renames a constraint or index, and the one that renames it back. */
    private static String[] renaming(String table, String[] name, String from, String to) {
        if (name[0].equals("ADD CONSTRAINT")) {
            String constraint = "ALTER TABLE " + table + " RENAME CONSTRAINT \"" + name[2];
            return new String[] {constraint + from + "\" TO \"" + name[2] + to + "\"",
                    constraint + to + "\" TO \"" + name[2] + from + "\""};
        }
        String index = "ALTER INDEX \"" + name[1] + "\".\"" + name[2];
        return new String[] {index + from + "\" RENAME TO \"" + name[2] + to + "\"",
                index + to + "\" RENAME TO \"" + name[2] + from + "\""};
    }

    private static String quoted(String table) {
        return ".\"" + table.toUpperCase(Locale.ROOT) + "\"";
    }

    /** H2 knows no {@code FORCE INDEX}; given {@code USE INDEX}, it chooses between the named index and a scan. */
    @Override
    public String indexHint(String index) {
        return "USE INDEX (" + index + ")";
    }
}
