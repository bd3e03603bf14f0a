-- The H2 twin of db/migration/mysql/V11: the index a bot's task list walks, newest first. A replay's shadow table
-- gets it too, being made from the live table's own DDL.
CREATE INDEX idx_bot_task_assigned_created ON bot_task (assigned_to, created_time, id);
