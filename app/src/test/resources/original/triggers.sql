-- The original OpenTask's triggers (sql/bot_tables_simple.sql), loaded after the rows they would have written.

-- =============================================
-- 3. 触发器（自动记录日志）
-- =============================================

DELIMITER //

-- 任务创建时记录日志
CREATE TRIGGER `tr_bot_task_created` 
AFTER INSERT ON `bot_task`
FOR EACH ROW
BEGIN
  INSERT INTO `bot_task_log` (
    `task_id`, `action`, `message`, `new_status`, `operator`, `created_time`
  )
  VALUES (
    NEW.id, 'created', 
    CONCAT('创建任务：', NEW.task_name, '，分配给 ', NEW.assigned_to),
    NEW.status, NEW.created_by, NOW()
  );
END//

-- 任务状态变更时记录日志
CREATE TRIGGER `tr_bot_task_status_change` 
AFTER UPDATE ON `bot_task`
FOR EACH ROW
BEGIN
  IF OLD.status != NEW.status THEN
    INSERT INTO `bot_task_log` (
      `task_id`, `action`, `message`, `old_status`, `new_status`, `operator`, `created_time`
    )
    VALUES (
      NEW.id,
      CASE NEW.status 
        WHEN 'running' THEN 'started'
        WHEN 'completed' THEN 'completed'
        WHEN 'failed' THEN 'failed'
        WHEN 'cancelled' THEN 'cancelled'
        ELSE 'status_changed'
      END,
      CONCAT('状态变更：', OLD.status, ' → ', NEW.status),
      OLD.status, NEW.status, NEW.assigned_to, NOW()
    );
  END IF;
END//

DELIMITER ;

