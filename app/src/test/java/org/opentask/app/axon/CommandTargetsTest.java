package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.opentask.api.CompleteTaskCommand;
import org.opentask.api.StartTaskCommand;

/** A command's task, read from its marked field, as Axon's own resolver reads it. */
class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    record Unmarked(long id) {
    }

    record Missing(@TargetAggregateIdentifier String id) {
    }

    private VersionedAggregateIdentifier both(Object payload) {
        VersionedAggregateIdentifier ours = targets.resolveTarget(GenericCommandMessage.asCommandMessage(payload));
        VersionedAggregateIdentifier theirs = axon.resolveTarget(GenericCommandMessage.asCommandMessage(payload));
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.getIdentifierValue()).isEqualTo(theirs.getIdentifierValue());
        return ours;
    }

    @Test
    void the_task_of_a_command_is_its_marked_field_every_time() {
        for (long id : new long[] {1, 42, Long.MAX_VALUE}) {
            VersionedAggregateIdentifier target = both(new StartTaskCommand(id, Instant.EPOCH, "anna"));
            assertThat(target.getIdentifierValue()).isEqualTo(id);
            assertThat(target.getIdentifier()).isEqualTo(Long.toString(id));
            assertThat(target.getVersion()).isNull();
        }
        assertThat(both(new CompleteTaskCommand(7, "done", "anna")).getIdentifier()).isEqualTo("7");
    }

    @Test
    void a_version_is_read_where_a_command_carries_one() {
        assertThat(both(new Versioned("t-1", 3L)).getVersion()).isEqualTo(3L);
        assertThat(both(new Versioned("t-1", null)).getVersion()).isNull();
    }

    @Test
    void a_command_without_a_target_is_refused_as_axon_refuses_it() {
        assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage(new Unmarked(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage(new Missing(null))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
