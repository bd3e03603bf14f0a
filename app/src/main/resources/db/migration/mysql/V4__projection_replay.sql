-- Replays of the read models (issue 5). A replay builds bot_task and bot_task_log anew from the event store
-- into these shadow tables, then swaps them in with one RENAME TABLE. Each replay recreates them with
-- CREATE TABLE ... LIKE, so they follow whatever later migrations do to the live tables.
CREATE TABLE bot_task_shadow LIKE bot_task;
CREATE TABLE bot_task_log_shadow LIKE bot_task_log;

-- One row per purpose. 'replay': the replay that runs or ran last, claimed with a conditional UPDATE, so only
-- one replay runs at a time across every instance on this database; it carries the progress, so any instance
-- reports it. 'hold': commands take a shared lock on it, the replay an exclusive one while it swaps tables.
-- Times are epoch milliseconds: no time zone to get wrong between instances.
CREATE TABLE projection_replay (
    name            VARCHAR(16)   NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    phase           VARCHAR(32),
    projection      VARCHAR(32),
    owner           VARCHAR(255),
    events_done     BIGINT        NOT NULL DEFAULT 0,
    events_total    BIGINT        NOT NULL DEFAULT 0,
    started_millis  BIGINT,
    finished_millis BIGINT,
    heartbeat_millis BIGINT,
    error           VARCHAR(2000),
    PRIMARY KEY (name)
) ENGINE = InnoDB;
INSERT INTO projection_replay (name, state) VALUES ('replay', 'idle');
INSERT INTO projection_replay (name, state) VALUES ('hold', 'idle');
