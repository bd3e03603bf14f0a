-- The bot registry: bots an operator registered (as the original service's bot_config table had them), and the
-- keys the service issued to each. A key is kept only as the SHA-256 of its text; key_prefix identifies it in a
-- list without revealing it. A rotated key stays valid until expires_time; a revoked one is refused at once.
-- Binary collation: bot names compare as assigned_to does in the task API, 'Anna' is not 'anna'.
CREATE TABLE bot (
    name         VARCHAR(50)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    display_name VARCHAR(100),
    description  VARCHAR(500),
    enabled      TINYINT(1)   NOT NULL,
    created_time DATETIME(3)  NOT NULL,
    updated_time DATETIME(3)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB;

CREATE TABLE bot_key (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    bot_name     VARCHAR(50)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    key_hash     CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    key_prefix   VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_time DATETIME(3)  NOT NULL,
    expires_time DATETIME(3),
    revoked_time DATETIME(3),
    PRIMARY KEY (id),
    UNIQUE KEY uk_bot_key_hash (key_hash),
    KEY idx_bot_key_bot (bot_name),
    CONSTRAINT fk_bot_key_bot FOREIGN KEY (bot_name) REFERENCES bot (name)
) ENGINE = InnoDB;
