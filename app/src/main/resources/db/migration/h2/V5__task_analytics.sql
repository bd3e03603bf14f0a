-- The H2 twin of db/migration/mysql/V5: the task-analytics projection (issue 6); see there.

CREATE TABLE task_analytics_task (
    task_id          BIGINT      NOT NULL,
    assigned_to      VARCHAR(50) NOT NULL,
    pending_since_ms BIGINT,
    running_since_ms BIGINT,
    PRIMARY KEY (task_id)
);

CREATE TABLE task_analytics_event (
    task_id         BIGINT      NOT NULL,
    sequence_number BIGINT      NOT NULL,
    stat_date       DATE        NOT NULL,
    assigned_to     VARCHAR(50) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    wait_ms         BIGINT,
    run_ms          BIGINT,
    PRIMARY KEY (task_id, sequence_number)
);

CREATE INDEX idx_task_analytics_day ON task_analytics_event (stat_date, assigned_to, kind);
