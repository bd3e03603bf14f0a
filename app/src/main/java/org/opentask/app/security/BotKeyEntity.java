package org.opentask.app.security;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code bot_key}: a key issued to a bot, kept as the SHA-256 of its text. */
@Entity
@Table(name = "bot_key")
class BotKeyEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;
    @Column(name = "bot_name")
    private String botName;
    @Column(name = "key_hash")
    private String keyHash;
    @Column(name = "key_prefix")
    private String keyPrefix;
    @Column(name = "created_time")
    private LocalDateTime createdTime;
    @Column(name = "expires_time")
    private LocalDateTime expiresTime;
    @Column(name = "revoked_time")
    private LocalDateTime revokedTime;

    protected BotKeyEntity() {
    }

    BotKeyEntity(String botName, String keyHash, String keyPrefix, LocalDateTime createdTime) {
        this.botName = botName;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdTime = createdTime;
    }

    BotRegistry.Key view(LocalDateTime now) {
        return new BotRegistry.Key(id, keyPrefix, createdTime, expiresTime, revokedTime,
                revokedTime == null && (expiresTime == null || expiresTime.isAfter(now)));
    }

    long id() {
        return id;
    }
}
