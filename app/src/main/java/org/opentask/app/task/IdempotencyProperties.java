package org.opentask.app.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code Idempotency-Key} on {@code POST /api/tasks}, {@code opentask.idempotency.*}.
 *
 * @param retention how long a key is remembered; after that the same key creates a new task
 */
@ConfigurationProperties("opentask.idempotency")
record IdempotencyProperties(@DefaultValue("7d") Duration retention) {
}
