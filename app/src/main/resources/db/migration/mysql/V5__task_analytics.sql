-- The task-analytics projection (issue 6): what happened to tasks per day and bot, with wait and run times.
-- Both tables belong to that projection alone; its reset empties them and a replay fills them again.

-- Per live task, what the projection needs to measure the next interval: the bot it belongs to now, since when
-- it has been pending (created or retried) and since when it has been running, as epoch milliseconds.
CREATE TABLE task_analytics_task (
    task_id          BIGINT      NOT NULL,
    assigned_to      VARCHAR(50) NOT NULL,
    pending_since_ms BIGINT,
    running_since_ms BIGINT,
    PRIMARY KEY (task_id)
) ENGINE = InnoDB;

-- One row per counted event, on the day (server time zone) it happened: kind is created, started, completed,
-- failed, cancelled, retried or expired. A start carries its queue wait, the end of a run its run time, so the
-- p95 of a day is exact. Insert-only: no counter row that every command of a bot would wait on.
CREATE TABLE task_analytics_event (
    task_id         BIGINT      NOT NULL,
    sequence_number BIGINT      NOT NULL,
    stat_date       DATE        NOT NULL,
    assigned_to     VARCHAR(50) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    wait_ms         BIGINT,
    run_ms          BIGINT,
    PRIMARY KEY (task_id, sequence_number),
    KEY idx_task_analytics_day (stat_date, assigned_to, kind)
) ENGINE = InnoDB;
