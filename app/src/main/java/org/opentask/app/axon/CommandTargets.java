package org.opentask.app.axon;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Which task a command is for ({@code @Aggregate(commandTargetResolver = "taskTargets")}): the field marked
 * {@link TargetAggregateIdentifier} (and {@link TargetAggregateVersion}, where there is one), found once per command
 * class and then read through a method handle. Axon's {@link AnnotationCommandTargetResolver} finds the same fields,
 * but walks every method and field of the command's class, with their annotations, on every command (about 4 % of a
 * request thread's time under load). A class without such a field goes to Axon's resolver, which refuses it as
 * Axon does.
 */
final class CommandTargets implements CommandTargetResolver {

    private static final Target BY_AXON = new Target(null, null);

    private final CommandTargetResolver byAnnotation = AnnotationCommandTargetResolver.builder().build();
    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            try {
                MethodHandle identifier = getter(type, TargetAggregateIdentifier.class);
                return identifier == null ? BY_AXON
                        : new Target(identifier, getter(type, TargetAggregateVersion.class));
            } catch (IllegalAccessException | RuntimeException e) {
                return BY_AXON;
            }
        }
    };

    private record Target(MethodHandle identifier, MethodHandle version) {
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        if (target != BY_AXON) {
            Object payload = command.getPayload();
            Object identifier = read(target.identifier, payload);
            Object version = target.version == null ? null : read(target.version, payload);
            if (identifier != null && (version == null || version instanceof Number)) {
                return new VersionedAggregateIdentifier(identifier,
                        version == null ? null : ((Number) version).longValue());
            }
        }
        return byAnnotation.resolveTarget(command);
    }

    /** The getter of the field marked {@code marker}, typed {@code (Object)Object}, or null when there is none. */
    private static MethodHandle getter(Class<?> type, Class<? extends Annotation> marker)
            throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(marker)) {
                    field.setAccessible(true);
                    return MethodHandles.lookup().unreflectGetter(field)
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
            }
        }
        return null;
    }

    private static Object read(MethodHandle getter, Object payload) {
        try {
            return (Object) getter.invokeExact(payload);
        } catch (Throwable e) {
            throw new IllegalStateException("Could not read the target of " + payload.getClass().getSimpleName(), e);
        }
    }
}
