package org.opentask.app.task;

import org.opentask.app.system.OpenTaskProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out task ids: numeric, unique across every instance on one database, never reused. Each instance reserves
 * a block of ids in its own short transaction and serves the block from memory, so creating a task costs no extra
 * round trip and no instance waits on another but once per block. Ids left in a block at shutdown are skipped.
 */
@Component
public class TaskIdAllocator {

    private final JdbcClient jdbc;
    private final TransactionTemplate newTransaction;
    private final int blockSize;
    private long next;
    private long limit;

    TaskIdAllocator(JdbcClient jdbc, PlatformTransactionManager transactionManager, OpenTaskProperties properties) {
        this.jdbc = jdbc;
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.blockSize = properties.idBlockSize();
    }

    public synchronized long nextId() {
        if (next >= limit) {
            long end = newTransaction.execute(status -> {
                jdbc.sql("UPDATE task_id_allocation SET next_value = next_value + ? WHERE name = 'task'")
                        .param(blockSize)
                        .update();
                return jdbc.sql("SELECT next_value FROM task_id_allocation WHERE name = 'task'")
                        .query(Long.class)
                        .single();
            });
            next = end - blockSize;
            limit = end;
        }
        return next++;
    }

    /**
     * Makes every id handed out from now on greater than {@code maxId} (the highest id of imported tasks), in every
     * instance that takes its next block after this; this instance drops a block that reaches down to it. Answers
     * the lowest id a new task can get now.
     */
    public synchronized long reserveAbove(long maxId) {
        long floor = newTransaction.execute(status -> {
            jdbc.sql("UPDATE task_id_allocation SET next_value = ? WHERE name = 'task' AND next_value <= ?")
                    .params(maxId + 1, maxId)
                    .update();
            return jdbc.sql("SELECT next_value FROM task_id_allocation WHERE name = 'task'")
                    .query(Long.class)
                    .single();
        });
        if (next <= maxId) {
            next = 0;
            limit = 0;
            return floor;
        }
        return next < limit ? next : floor;
    }
}
