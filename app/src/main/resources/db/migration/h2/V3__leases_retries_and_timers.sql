-- The H2 twin of db/migration/mysql/V3: leases, automatic retry and delayed tasks on bot_task, and the durable timers' table.

-- timeout_seconds 0: no lease (and what every task created before leases has)
ALTER TABLE bot_task ADD COLUMN timeout_seconds INT NOT NULL DEFAULT 0;
ALTER TABLE bot_task ADD COLUMN auto_retry TINYINT NOT NULL DEFAULT 0;
-- not handed out (pending, claim) before this time; NULL: at once
ALTER TABLE bot_task ADD COLUMN not_before TIMESTAMP(6);
-- set while the task runs under a lease
ALTER TABLE bot_task ADD COLUMN lease_expires_time TIMESTAMP(6);
-- set while a failed task waits for its automatic retry
ALTER TABLE bot_task ADD COLUMN next_retry_time TIMESTAMP(6);

-- db-scheduler's table: Axon's deadlines (lease and retry timers), one row per timer. Times are written in UTC.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(100) NOT NULL,
    task_data            BLOB,
    execution_time       TIMESTAMP(6) NOT NULL,
    picked               BOOLEAN      NOT NULL,
    picked_by            VARCHAR(50),
    last_success         TIMESTAMP(6),
    last_failure         TIMESTAMP(6),
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP(6),
    version              BIGINT       NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority, execution_time);
