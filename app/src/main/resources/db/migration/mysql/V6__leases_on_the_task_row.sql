-- Leases and automatic retries are found on bot_task by the lease sweep, no longer by durable timers: the
-- timers' table goes, and two indexes let the sweep walk straight to what is due (MySQL 8 and MariaDB).
-- A lease or retry in flight keeps working across the upgrade: its end is on the task's row already.
DROP TABLE scheduled_tasks;
UPDATE bot_task SET lease_expires_time = NULL, next_retry_time = NULL WHERE deleted = 1;
CREATE INDEX idx_bot_task_lease ON bot_task (lease_expires_time);
CREATE INDEX idx_bot_task_retry ON bot_task (next_retry_time);
