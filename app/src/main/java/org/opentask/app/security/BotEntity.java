package org.opentask.app.security;

import java.time.LocalDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/** A row of {@code bot}: a registered bot. Its name is given, so a new one says it is new (no read before insert). */
@Entity
@Table(name = "bot")
class BotEntity implements Persistable<String> {

    @Id
    @Column(name = "name")
    private String name;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "description")
    private String description;
    @Column(name = "enabled")
    private boolean enabled;
    @Column(name = "created_time")
    private LocalDateTime createdTime;
    @Column(name = "updated_time")
    private LocalDateTime updatedTime;
    @Transient
    private boolean fresh;

    protected BotEntity() {
    }

    BotEntity(String name, String displayName, String description, boolean enabled, LocalDateTime now) {
        this.name = name;
        this.displayName = displayName;
        this.description = description;
        this.enabled = enabled;
        this.createdTime = now;
        this.updatedTime = now;
        this.fresh = true;
    }

    void change(String displayName, String description, boolean enabled, LocalDateTime now) {
        this.displayName = displayName;
        this.description = description;
        this.enabled = enabled;
        this.updatedTime = now;
    }

    @Override
    public String getId() {
        return name;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    String name() {
        return name;
    }

    String displayName() {
        return displayName;
    }

    String description() {
        return description;
    }

    boolean enabled() {
        return enabled;
    }

    BotRegistry.Bot view(List<BotRegistry.Key> keys) {
        return new BotRegistry.Bot(name, displayName, description, enabled, createdTime, updatedTime, keys);
    }
}
