-- Axon's event store and token store (JDBC engine, snake_case names), and the read models projected from them.
-- Payloads are LONGBLOB: a payload over 64 KiB must not fail as a "duplicate aggregate" in a BLOB column.

CREATE TABLE domain_event_entry (
    global_index         BIGINT       NOT NULL AUTO_INCREMENT,
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    PRIMARY KEY (global_index),
    CONSTRAINT uk_domain_event_identifier UNIQUE (event_identifier),
    CONSTRAINT uk_domain_event_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number)
) ENGINE = InnoDB;

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT uk_snapshot_event_identifier UNIQUE (event_identifier)
) ENGINE = InnoDB;

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INT          NOT NULL,
    token          LONGBLOB,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
) ENGINE = InnoDB;

-- Task ids are handed out in blocks: each instance takes the next block with one short row lock,
-- so ids are unique across instances and never reused, without a round trip per task.
CREATE TABLE task_id_allocation (
    name       VARCHAR(32) NOT NULL,
    next_value BIGINT      NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB;
INSERT INTO task_id_allocation (name, next_value) VALUES ('task', 1);

CREATE TABLE bot_task (
    id               BIGINT       NOT NULL,
    task_name        VARCHAR(100) NOT NULL,
    task_description MEDIUMTEXT,
    task_params      MEDIUMTEXT,
    assigned_to      VARCHAR(50)  NOT NULL,
    priority         VARCHAR(2)   NOT NULL DEFAULT 'P2',
    status           VARCHAR(16)  NOT NULL DEFAULT 'pending',
    progress         INT          NOT NULL DEFAULT 0,
    created_time     DATETIME(6)  NOT NULL,
    started_time     DATETIME(6),
    completed_time   DATETIME(6),
    result           MEDIUMTEXT,
    error_message    MEDIUMTEXT,
    retry_count      INT          NOT NULL DEFAULT 0,
    max_retry        INT          NOT NULL DEFAULT 3,
    created_by       VARCHAR(50)  NOT NULL DEFAULT 'hope',
    deleted          TINYINT      NOT NULL DEFAULT 0,
    update_time      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    -- the pending query: one bot's pending tasks by priority, then oldest first, read straight off the index
    KEY idx_bot_task_pending (assigned_to, status, deleted, priority, created_time, id),
    -- the list, newest first, unfiltered or by one filter; also the day range of the statistics
    KEY idx_bot_task_created (created_time, id),
    KEY idx_bot_task_status_created (status, created_time),
    KEY idx_bot_task_priority_created (priority, created_time)
) ENGINE = InnoDB;

CREATE TABLE bot_task_log (
    id           BIGINT      NOT NULL,
    task_id      BIGINT      NOT NULL,
    action       VARCHAR(32) NOT NULL,
    message      TEXT,
    old_status   VARCHAR(16),
    new_status   VARCHAR(16),
    operator     VARCHAR(100),
    created_time DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_bot_task_log_task (task_id, id)
) ENGINE = InnoDB;

-- As in the original service: per day of creation and bot, the tasks counted by their status now.
CREATE VIEW bot_task_daily_stats AS
SELECT CAST(created_time AS DATE)                              AS stat_date,
       assigned_to,
       COUNT(*)                                                AS total,
       SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END)     AS pending,
       SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END)     AS running,
       SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END)   AS completed,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)      AS failed,
       SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END)   AS cancelled
FROM bot_task
WHERE deleted = 0
GROUP BY CAST(created_time AS DATE), assigned_to;
