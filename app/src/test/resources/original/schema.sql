-- The original OpenTask's schema (github.com/Linux2010/OpenTask, MIT): sql/bot_tables_simple.sql without its
-- sample rows (hope_engine.sql holds them as the service left them), and sql/bot_config.sql's table.
CREATE TABLE `bot_task` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT COMMENT '任务ID',
  
  -- 基本信息
  `task_name` VARCHAR(100) NOT NULL COMMENT '任务名称',
  `task_description` TEXT DEFAULT NULL COMMENT '任务描述',
  `task_params` TEXT DEFAULT NULL COMMENT '任务参数（JSON格式，包含所有参数/步骤/输入输出）',
  
  -- 分配与优先级
  `assigned_to` VARCHAR(50) NOT NULL COMMENT '分配对象（trump/cc/anna/main/session_agent）',
  `priority` VARCHAR(10) NOT NULL DEFAULT 'P2' COMMENT '优先级（P0紧急/P1重要/P2一般）',
  
  -- 状态与进度
  `status` VARCHAR(20) NOT NULL DEFAULT 'pending' COMMENT '状态（pending/running/completed/failed/cancelled）',
  `progress` INT(11) DEFAULT 0 COMMENT '执行进度（0-100）',
  
  -- 时间信息
  `created_time` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT '创建时间',
  `started_time` DATETIME DEFAULT NULL COMMENT '开始时间',
  `completed_time` DATETIME DEFAULT NULL COMMENT '完成时间',
  
  -- 执行结果
  `result` TEXT DEFAULT NULL COMMENT '执行结果',
  `error_message` TEXT DEFAULT NULL COMMENT '错误信息',
  
  -- 重试机制
  `retry_count` INT(11) DEFAULT 0 COMMENT '已重试次数',
  `max_retry` INT(11) DEFAULT 3 COMMENT '最大重试次数',
  
  -- 创建者
  `created_by` VARCHAR(50) NOT NULL COMMENT '创建者（hope/manual）',
  
  -- 删除标记
  `deleted` TINYINT(1) DEFAULT 0 COMMENT '是否删除',
  
  -- 更新时间
  `update_time` DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT '更新时间',
  
  PRIMARY KEY (`id`),
  INDEX `idx_assigned_to` (`assigned_to`),
  INDEX `idx_status` (`status`),
  INDEX `idx_priority` (`priority`),
  INDEX `idx_assigned_status` (`assigned_to`, `status`),
  INDEX `idx_created_time` (`created_time`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Bot任务表（极简版）';

-- =============================================
-- 2. 任务日志表（审计日志）- 极简版
-- =============================================

CREATE TABLE `bot_task_log` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT COMMENT '日志ID',
  `task_id` BIGINT(20) NOT NULL COMMENT '任务ID',
  
  -- 动作信息
  `action` VARCHAR(50) NOT NULL COMMENT '动作（created/started/completed/failed/retried/cancelled）',
  `message` TEXT DEFAULT NULL COMMENT '日志信息',
  
  -- 状态变更
  `old_status` VARCHAR(20) DEFAULT NULL COMMENT '原状态',
  `new_status` VARCHAR(20) DEFAULT NULL COMMENT '新状态',
  
  -- 操作者
  `operator` VARCHAR(50) DEFAULT NULL COMMENT '操作者',
  
  -- 时间
  `created_time` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT '创建时间',
  
  PRIMARY KEY (`id`),
  INDEX `idx_task_id` (`task_id`),
  INDEX `idx_action` (`action`),
  INDEX `idx_created_time` (`created_time`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Bot任务日志表（极简版）';

-- =============================================
-- 4. 视图（常用查询）
-- =============================================

-- 待执行任务视图（按优先级排序）
CREATE OR REPLACE VIEW `v_bot_pending` AS
SELECT 
  id, task_name, task_description, assigned_to, priority, status, 
  progress, created_time, task_params
FROM bot_task
WHERE deleted = 0 AND status = 'pending'
ORDER BY 
  CASE priority 
    WHEN 'P0' THEN 0 
    WHEN 'P1' THEN 1 
    WHEN 'P2' THEN 2 
    ELSE 3 
  END,
  created_time ASC;

-- 今日任务统计视图
CREATE OR REPLACE VIEW `v_bot_today_stats` AS
SELECT 
  assigned_to,
  COUNT(*) as total,
  SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) as pending,
  SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) as running,
  SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) as completed,
  SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) as failed
FROM bot_task
WHERE deleted = 0 AND DATE(created_time) = CURDATE()
GROUP BY assigned_to;

-- =============================================
CREATE TABLE IF NOT EXISTS bot_config (
    id INT AUTO_INCREMENT PRIMARY KEY,
    bot_name VARCHAR(50) NOT NULL UNIQUE COMMENT 'Bot identifier',
    display_name VARCHAR(100) COMMENT 'Display name for UI',
    description VARCHAR(500) COMMENT 'Bot description',
    is_active BOOLEAN DEFAULT TRUE COMMENT 'Whether bot is available for assignment',
    created_time DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_time DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Available bots configuration';
