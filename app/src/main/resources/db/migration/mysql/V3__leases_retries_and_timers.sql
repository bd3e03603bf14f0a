-- Leases, automatic retry and delayed tasks on bot_task, and the durable timers' table (MySQL 8 and MariaDB).

ALTER TABLE bot_task
    -- 0: no lease (and what every task created before leases has)
    ADD COLUMN timeout_seconds    INT         NOT NULL DEFAULT 0,
    ADD COLUMN auto_retry         TINYINT     NOT NULL DEFAULT 0,
    -- not handed out (pending, claim) before this time; NULL: at once
    ADD COLUMN not_before         DATETIME(6) NULL,
    -- set while the task runs under a lease
    ADD COLUMN lease_expires_time DATETIME(6) NULL,
    -- set while a failed task waits for its automatic retry
    ADD COLUMN next_retry_time    DATETIME(6) NULL;

-- db-scheduler's table: Axon's deadlines (lease and retry timers), one row per timer.
-- DATETIME rather than db-scheduler's suggested TIMESTAMP: the scheduler writes UTC itself, so no session time zone
-- and no implicit ON UPDATE default of an old server can shift a timer. MEDIUMBLOB: never a "data too long".
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(100) NOT NULL,
    task_data            MEDIUMBLOB,
    execution_time       DATETIME(6)  NOT NULL,
    picked               BOOLEAN      NOT NULL,
    picked_by            VARCHAR(50),
    last_success         DATETIME(6)  NULL,
    last_failure         DATETIME(6)  NULL,
    consecutive_failures INT,
    last_heartbeat       DATETIME(6)  NULL,
    version              BIGINT       NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance),
    KEY execution_time_idx (execution_time),
    KEY last_heartbeat_idx (last_heartbeat),
    KEY priority_execution_time_idx (priority, execution_time)
) ENGINE = InnoDB;
