-- The H2 twin of db/migration/mysql/V4: shadow tables a replay builds and swaps in, and the replay's claim row.
-- Each replay recreates the shadow tables from the live ones, so they follow later migrations.
CREATE TABLE bot_task_shadow AS SELECT * FROM bot_task WITH NO DATA;
ALTER TABLE bot_task_shadow ALTER COLUMN id SET NOT NULL;
ALTER TABLE bot_task_shadow ADD PRIMARY KEY (id);
CREATE TABLE bot_task_log_shadow AS SELECT * FROM bot_task_log WITH NO DATA;
ALTER TABLE bot_task_log_shadow ALTER COLUMN id SET NOT NULL;
ALTER TABLE bot_task_log_shadow ADD PRIMARY KEY (id);

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
);
INSERT INTO projection_replay (name, state) VALUES ('replay', 'idle');
INSERT INTO projection_replay (name, state) VALUES ('hold', 'idle');
