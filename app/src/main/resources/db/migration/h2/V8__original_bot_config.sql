-- An original OpenTask's bot_config rows, kept by the import with the same columns and ids until a bot registry
-- takes them (docs/migration.md). The engine's other tables already hold what the import brings: tasks as events,
-- audit rows in bot_task_log (H2).
CREATE TABLE original_bot_config (
    id           INT          NOT NULL,
    bot_name     VARCHAR(50)  NOT NULL,
    display_name VARCHAR(100),
    description  VARCHAR(500),
    is_active    BOOLEAN,
    created_time TIMESTAMP,
    updated_time TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT uk_original_bot_config_name UNIQUE (bot_name)
);
