-- The task list walks an index in its own order (newest first) and stops at the limit, for every filter. A bot's
-- list had none: the queue index has status and priority before the time, so the bot's tasks were sorted on every
-- read. A replay's shadow table gets the index too, being made LIKE the live table.
CREATE INDEX idx_bot_task_assigned_created ON bot_task (assigned_to, created_time, id);
