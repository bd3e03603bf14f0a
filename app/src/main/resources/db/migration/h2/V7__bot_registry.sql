-- The bot registry: bots an operator registered (as the original service's bot_config table had them), and the
-- keys the service issued to each. A key is kept only as the SHA-256 of its text; key_prefix identifies it in a
-- list without revealing it. A rotated key stays valid until expires_time; a revoked one is refused at once.
CREATE TABLE bot (
    name         VARCHAR(50)  NOT NULL,
    display_name VARCHAR(100),
    description  VARCHAR(500),
    enabled      BOOLEAN      NOT NULL,
    created_time TIMESTAMP(3) NOT NULL,
    updated_time TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (name)
);

CREATE TABLE bot_key (
    id           BIGINT AUTO_INCREMENT NOT NULL,
    bot_name     VARCHAR(50)  NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    key_prefix   VARCHAR(16)  NOT NULL,
    created_time TIMESTAMP(3) NOT NULL,
    expires_time TIMESTAMP(3),
    revoked_time TIMESTAMP(3),
    PRIMARY KEY (id),
    CONSTRAINT uk_bot_key_hash UNIQUE (key_hash),
    CONSTRAINT fk_bot_key_bot FOREIGN KEY (bot_name) REFERENCES bot (name)
);
CREATE INDEX idx_bot_key_bot ON bot_key (bot_name);
