package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    private static final Runnable NOTHING = () -> {
    };

    @Test
    void a_named_factory_makes_daemons_all_of_that_name() {
        ThreadFactory factory = DaemonThreads.named("lease-sweep");

        Thread first = factory.newThread(NOTHING);
        Thread second = factory.newThread(NOTHING);

        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("lease-sweep");
        assertThat(second.getName()).isEqualTo("lease-sweep");
    }

    @Test
    void a_numbered_factory_makes_daemons_numbered_from_one_each_factory_its_own_count() {
        ThreadFactory claims = DaemonThreads.numbered("claim-");
        ThreadFactory senders = DaemonThreads.numbered("webhook-sender-");

        assertThat(claims.newThread(NOTHING).getName()).isEqualTo("claim-1");
        Thread second = claims.newThread(NOTHING);
        assertThat(second.getName()).isEqualTo("claim-2");
        assertThat(second.isDaemon()).isTrue();
        assertThat(senders.newThread(NOTHING).getName()).isEqualTo("webhook-sender-1");
    }
}
