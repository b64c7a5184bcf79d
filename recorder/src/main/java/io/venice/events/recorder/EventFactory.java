package io.venice.events.recorder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/**
 * What a recorder may record, and how a recorded event looks: the one rule that {@link ProxyEventRecorder}
 * and {@link FakeEventRecorder} both apply, so a service's tests see the same errors as production.
 * Immutable and thread-safe.
 */
final class EventFactory {

    private final EventSource source;
    private final Set<String> eventTypes;
    private final List<String> eventTypeList;
    private final Clock clock;

    EventFactory(EventSource source, List<String> eventTypes, Clock clock) {
        checkSettings(source, eventTypes);
        this.source = source;
        this.eventTypeList = List.copyOf(eventTypes);
        this.eventTypes = Set.copyOf(eventTypes);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The checks of a recorder's settings, for a builder to fail early with the same words. */
    static void checkSettings(EventSource source, List<String> eventTypes) {
        Objects.requireNonNull(source, "source");
        if (source.component() == null || source.component().isBlank()) {
            throw new IllegalArgumentException("source component is blank");
        }
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("the list of event types is empty");
        }
    }

    EventSource source() {
        return source;
    }

    /**
     * A new event with its uuid and timestamps (the time of record).
     *
     * @throws InvalidEventException for a type not in the list, a null severity or a blank message
     */
    Event create(String type, Severity severity, String message, ObjectRef ref) {
        if (type == null || !eventTypes.contains(type)) {
            throw new InvalidEventException("type '" + type + "' is not one of this recorder's event types " + eventTypeList);
        }
        if (severity == null) {
            throw new InvalidEventException("severity is null (expected one of info, warn, critical, debug)");
        }
        if (message == null || message.isBlank()) {
            throw new InvalidEventException("message is blank");
        }
        String uuid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return new Event(Event.KIND, new Meta(uuid, null, null, uuid, null, now, now, Event.SELF_LINK_PREFIX + uuid),
                type, severity, message, null, ref, source, 1);
    }

    /** The error of a call after {@code close()}. */
    IllegalStateException closed() {
        return new IllegalStateException("the recorder for " + source.component() + " is closed");
    }
}
