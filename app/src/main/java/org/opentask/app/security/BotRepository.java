package org.opentask.app.security;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** The registered bots. */
interface BotRepository extends JpaRepository<BotEntity, String> {

    List<BotEntity> findAllByOrderByNameAsc();
}
