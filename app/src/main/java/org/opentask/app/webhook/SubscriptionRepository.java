package org.opentask.app.webhook;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** The webhook subscriptions. */
interface SubscriptionRepository extends JpaRepository<SubscriptionEntity, Long> {

    List<SubscriptionEntity> findAllByOrderByIdAsc();

    List<SubscriptionEntity> findByEnabledTrueOrderByIdAsc();

    /** Deletes by id without reading first; how many rows it deleted. */
    @Modifying
    @Transactional
    @Query("DELETE FROM SubscriptionEntity s WHERE s.id = :id")
    int deleteWithId(@Param("id") long id);
}
