-- Idempotency-Key on POST /api/tasks: per caller (X-Operator, '' for none) and key, the hash of the request that
-- first used the key and the task it created. The primary key lets the database decide between duplicates that
-- arrive at the same moment; the row is written in the transaction that creates the task.
-- Binary collations: 'Key-1' and 'key-1' are different keys, as are callers that differ in case.
CREATE TABLE idempotency_key (
    caller          VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    idempotency_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin     NOT NULL,
    request_hash    CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin     NOT NULL,
    task_id         BIGINT,
    created_time    DATETIME(6)  NOT NULL,
    PRIMARY KEY (caller, idempotency_key),
    -- forgetting keys past their retention
    KEY idx_idempotency_key_created (created_time)
) ENGINE = InnoDB;
