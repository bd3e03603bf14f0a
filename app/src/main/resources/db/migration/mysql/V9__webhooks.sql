-- Webhooks (MySQL 8 and MariaDB). Times are epoch milliseconds: no time zone to get wrong between instances.

-- What an operator subscribed: a target URL, the event kinds it wants (comma separated), optional filters on the
-- task's bot and name, its Standard Webhooks secret.
CREATE TABLE webhook_subscription (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    url              VARCHAR(2000) NOT NULL,
    events           VARCHAR(200)  NOT NULL,
    bot              VARCHAR(50),
    task_name_prefix VARCHAR(100),
    secret           VARCHAR(200)  NOT NULL,
    enabled          BOOLEAN       NOT NULL,
    created_millis   BIGINT        NOT NULL,
    updated_millis   BIGINT        NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

-- One message to one target: written by the webhook processor in the transaction that moves its token, so each
-- event becomes each delivery exactly once. message_id is the webhook-id every attempt carries. A sender claims a
-- due delivery by setting claimed_by and claimed_until in one conditional UPDATE.
CREATE TABLE webhook_delivery (
    id                  BIGINT        NOT NULL AUTO_INCREMENT,
    message_id          VARCHAR(80)   NOT NULL,
    subscription_id     BIGINT,
    url                 VARCHAR(2000) NOT NULL,
    event_type          VARCHAR(40)   NOT NULL,
    task_id             BIGINT        NOT NULL,
    body                MEDIUMTEXT    NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    attempts            INT           NOT NULL DEFAULT 0,
    created_millis      BIGINT        NOT NULL,
    next_attempt_millis BIGINT,
    retry_until_millis  BIGINT        NOT NULL,
    claimed_by          VARCHAR(80),
    claimed_until       BIGINT,
    last_status_code    INT,
    finished_millis     BIGINT,
    PRIMARY KEY (id),
    UNIQUE KEY uq_webhook_delivery_message (message_id),
    KEY idx_webhook_delivery_due (status, next_attempt_millis),
    KEY idx_webhook_delivery_subscription (subscription_id, id),
    KEY idx_webhook_delivery_task (task_id)
) ENGINE = InnoDB;

-- Every attempt of a delivery: when, the answer's status (null when none came), how long it took, the error, and a
-- bounded excerpt of what the receiver answered.
CREATE TABLE webhook_attempt (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    delivery_id      BIGINT        NOT NULL,
    attempted_millis BIGINT        NOT NULL,
    status_code      INT,
    duration_millis  INT           NOT NULL,
    error            VARCHAR(500),
    response_excerpt VARCHAR(1000),
    PRIMARY KEY (id),
    KEY idx_webhook_attempt_delivery (delivery_id, id)
) ENGINE = InnoDB;

-- The callback URL a task named when it was created, until the task ends.
CREATE TABLE webhook_callback (
    task_id BIGINT        NOT NULL,
    url     VARCHAR(2000) NOT NULL,
    PRIMARY KEY (task_id)
) ENGINE = InnoDB;
