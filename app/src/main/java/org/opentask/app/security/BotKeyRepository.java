package org.opentask.app.security;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** The keys issued to registered bots. */
interface BotKeyRepository extends JpaRepository<BotKeyEntity, Long> {

    List<BotKeyEntity> findByBotNameOrderByIdAsc(String botName);

    boolean existsByBotNameAndId(String botName, long id);

    /**
     * The key's hash, the bot it belongs to and whether that bot is enabled, while the key is valid at {@code at}:
     * none or one row.
     */
    @Query("SELECT k.keyHash, k.botName, b.enabled FROM BotKeyEntity k, BotEntity b WHERE b.name = k.botName"
            + " AND k.keyHash = :hash AND k.revokedTime IS NULL AND (k.expiresTime IS NULL OR k.expiresTime > :at)")
    List<Object[]> holder(@Param("hash") String hash, @Param("at") LocalDateTime at);

    /** The bot's other keys still valid at {@code end} run out then. */
    @Modifying
    @Transactional
    @Query("UPDATE BotKeyEntity k SET k.expiresTime = :end WHERE k.botName = :bot AND k.id <> :kept"
            + " AND k.revokedTime IS NULL AND (k.expiresTime IS NULL OR k.expiresTime > :end)")
    int expireOthers(@Param("bot") String botName, @Param("kept") long keptId, @Param("end") LocalDateTime end);

    @Modifying
    @Transactional
    @Query("UPDATE BotKeyEntity k SET k.revokedTime = :at WHERE k.botName = :bot AND k.id = :id"
            + " AND k.revokedTime IS NULL")
    int revoke(@Param("bot") String botName, @Param("id") long id, @Param("at") LocalDateTime at);
}
