package org.opentask.query;

import java.util.ArrayList;
import java.util.List;

import org.opentask.api.FindTasksQuery;
import org.opentask.api.TaskLimits;
import org.opentask.api.TaskPage;
import org.opentask.api.TaskView;

/**
 * How a page of tasks is read: at most {@code limit} tasks from {@code offset}, and no further than
 * {@link TaskLimits#PAGE_TEXT_CHARS} of text, so no answer holds more than a page in memory however large the tasks.
 * The rows are read {@link #CHUNK} at a time, each chunk one statement that {@link BotTaskTable} writes. One statement
 * with the whole limit would, once the text limit stopped the reading, still have the database read and the driver
 * drain every row up to the limit: 10,000 tasks of a megabyte for one page. Which index the task list walks is
 * chosen here too.
 */
final class TaskPages {

    /** Rows a page reads per statement: at most this many rows are read beyond what the page answers. */
    private static final int CHUNK = 8;

    /**
     * One chunk's statement: at most {@code rows} tasks from {@code position} on, in the page's order; {@code last},
     * the last task of the chunk before (null for the first), lets a statement start right after it instead.
     */
    @FunctionalInterface
    interface Chunks {
        List<TaskView> read(int rows, int position, TaskView last);
    }

    private TaskPages() {
    }

    static TaskPage read(int limit, int offset, Chunks chunks) {
        List<TaskView> tasks = new ArrayList<>();
        long chars = 0;
        int position = offset;
        while (true) {
            // one more than the page still needs, to know whether more follow
            int wanted = Math.min(limit - tasks.size() + 1, CHUNK);
            List<TaskView> chunk = chunks.read(wanted, position, tasks.isEmpty() ? null : tasks.get(tasks.size() - 1));
            for (TaskView task : chunk) {
                if (tasks.size() == limit) {
                    return new TaskPage(tasks, true);
                }
                long size = textChars(task);
                if (!tasks.isEmpty() && chars + size > TaskLimits.PAGE_TEXT_CHARS) {
                    return new TaskPage(tasks, true);
                }
                chars += size;
                tasks.add(task);
            }
            if (chunk.size() < wanted) {
                return new TaskPage(tasks, false);
            }
            position += chunk.size();
        }
    }

    /**
     * The index whose order is the list's for these filters: its columns are the filters' equalities, then
     * {@code (created_time, id)} (InnoDB ends every index with the primary key). A bot's list walks the bot's tasks
     * and checks status and priority on the way, except with both, which the queue index has before the time; the
     * retry filter is checked on every row whichever index is walked.
     */
    static String listIndex(FindTasksQuery query) {
        if (query.assignedTo() != null) {
            return query.status() != null && query.priority() != null ? "idx_bot_task_pending"
                    : "idx_bot_task_assigned_created";
        }
        if (query.status() != null) {
            return "idx_bot_task_status_created";
        }
        return query.priority() != null ? "idx_bot_task_priority_created" : "idx_bot_task_created";
    }

    private static long textChars(TaskView task) {
        return length(task.taskDescription()) + length(task.taskParams()) + length(task.result())
                + length(task.errorMessage()) + length(task.taskName()) + 256;
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }
}
