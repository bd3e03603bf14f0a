-- Rows the original accepted and this engine refuses (make-fixture.sh), loaded after hope_engine.sql.
INSERT INTO `bot_task` VALUES (16,'Unknown priority',NULL,NULL,'anna','P5','pending',0,'2026-12-06 19:59:15',NULL,NULL,NULL,NULL,0,3,'hope',0,'2026-12-06 19:59:15');
INSERT INTO `bot_task` VALUES (17,'Status set by an edit',NULL,NULL,'anna','P2','paused',0,'2026-12-06 19:59:15',NULL,NULL,NULL,NULL,0,3,'hope',0,'2026-12-06 19:59:16');
INSERT INTO `bot_task_log` VALUES (50,16,'created','创建任务：Unknown priority，分配给 anna',NULL,'pending','hope','2026-12-06 19:59:15');
INSERT INTO `bot_task_log` VALUES (51,17,'created','创建任务：Status set by an edit，分配给 anna',NULL,'pending','hope','2026-12-06 19:59:15');
INSERT INTO `bot_task_log` VALUES (52,17,'status_changed','状态变更：pending → paused','pending','paused','anna','2026-12-06 19:59:16');
