package io.venice.events.proxy;

import java.util.Optional;

import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.Quoted;

/** Checks what the proxy requires of an event before accepting it; returns the first problem, naming the field. */
public final class EventValidator {

    /** What is wrong with an event: the message for the sender, and the kind of problem for the counters. */
    public record Problem(Rejection reason, String message) {
        static Optional<Problem> invalid(String message) {
            return Optional.of(new Problem(Rejection.INVALID, message));
        }
    }

    /** Whether a type missing from the catalog is refused ({@code STRICT}) or taken as is. */
    public enum TypeCheck {
        STRICT, ACCEPT_UNKNOWN;

        public static TypeCheck parse(String value) {
            return switch (value == null ? "" : value.trim()) {
                case "strict" -> STRICT;
                case "accept-unknown" -> ACCEPT_UNKNOWN;
                default -> throw new IllegalArgumentException("'" + value + "' is not one of strict, accept-unknown");
            };
        }
    }

    /** The default of {@code proxy.min-creation-time}: an event dated before was made by a host whose clock was not set. */
    public static final java.time.Instant DEFAULT_MIN_CREATION_TIME = java.time.Instant.parse("2001-01-01T00:00:00Z");

    private final EventCatalog catalog;
    private final TypeCheck typeCheck;
    private final java.time.Instant minCreationTime;

    /** With the default {@code proxy.min-creation-time}. */
    public EventValidator(EventCatalog catalog, TypeCheck typeCheck) {
        this(catalog, typeCheck, DEFAULT_MIN_CREATION_TIME);
    }

    public EventValidator(EventCatalog catalog, TypeCheck typeCheck, java.time.Instant minCreationTime) {
        this.catalog = catalog;
        this.typeCheck = typeCheck;
        this.minCreationTime = minCreationTime;
    }

    public Optional<Problem> problemWith(Event event) {
        if (event.kind() != null && !Event.KIND.equals(event.kind())) {
            return Problem.invalid("kind: " + Quoted.of(event.kind()) + " is not Event");
        }
        if (isBlank(event.type())) {
            return Problem.invalid("type: missing");
        }
        if (event.severity() == null) {
            return Problem.invalid("severity: missing (one of info, warn, critical, debug)");
        }
        if (event.source() == null || isBlank(event.source().component())) {
            return Problem.invalid("source.component: missing");
        }
        if (typeCheck == TypeCheck.STRICT && !catalog.contains(event.type())) {
            return Optional.of(new Problem(Rejection.UNKNOWN_TYPE,
                    "type: " + Quoted.of(event.type()) + " is not in the event-type catalog"));
        }
        if (event.count() != null && event.count() < 1) { // the wire cannot carry one (WireJson); a guard for callers in Java
            return Optional.of(new Problem(Rejection.OUT_OF_RANGE, "count: " + event.count()
                    + " is out of range (expected " + WireJson.COUNT_RANGE + ")"));
        }
        java.time.Instant created = event.meta() == null ? null : event.meta().creationTime();
        if (created != null && created.isBefore(minCreationTime)) {
            return Optional.of(new Problem(Rejection.TOO_OLD, "meta.creation-time: " + created + " is before "
                    + "proxy.min-creation-time (" + minCreationTime + "): is the sender's clock set?"));
        }
        String uuid = event.uuid();
        if (uuid != null && !uuid.isEmpty() && !Uuids.isCanonical(uuid)) {
            return Problem.invalid("meta.uuid: " + Quoted.of(uuid) + " is not a UUID (" + Uuids.EXPECTED + ")");
        }
        return Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
