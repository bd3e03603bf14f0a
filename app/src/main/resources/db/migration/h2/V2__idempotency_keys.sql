-- Idempotency-Key on POST /api/tasks: per caller (X-Operator, '' for none) and key, the hash of the request that
-- first used the key and the task it created. The primary key lets the database decide between duplicates that
-- arrive at the same moment; the row is written in the transaction that creates the task.
CREATE TABLE idempotency_key (
    caller          VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    task_id         BIGINT,
    created_time    TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);

-- forgetting keys past their retention
CREATE INDEX idx_idempotency_key_created ON idempotency_key (created_time);
