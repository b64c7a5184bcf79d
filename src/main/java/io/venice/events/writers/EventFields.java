package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.venice.events.model.Event;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/** The event fields both syslog formats carry, in one fixed order. */
final class EventFields {

    /** Receives the fields of an event one by one, in their order. */
    @FunctionalInterface
    interface Sink {
        /** A field that is present: a non-empty String, an Integer (count) or an Instant (the times). */
        void field(String name, Object value);
    }

    /** The first instant of year 0000 and the first after year 9999: a syslog timestamp has four year digits. */
    private static final Instant FIRST_SYSLOG_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_SYSLOG_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private EventFields() {
    }

    /**
     * The fields uuid, type, severity, category, count, component, node, ref-tenant, ref-namespace,
     * ref-kind, ref-name, creation-time and mod-time, in that order, leaving out null and empty values.
     * Values are strings except count (Integer) and the times (Instant).
     */
    static Map<String, Object> of(Event event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        forEach(event, fields::put);
        return fields;
    }

    /** Hands the fields of {@link #of} to {@code sink} in the same order, without building a map. */
    static void forEach(Event event, Sink sink) {
        ObjectRef ref = event.objectRef();
        put(sink, "uuid", event.uuid());
        put(sink, "type", event.type());
        put(sink, "severity", event.severity() == null ? null : event.severity().wireName());
        put(sink, "category", event.category());
        put(sink, "count", event.count());
        put(sink, "component", event.component());
        put(sink, "node", event.nodeName());
        if (ref != null) {
            put(sink, "ref-tenant", ref.tenant());
            put(sink, "ref-namespace", ref.namespace());
            put(sink, "ref-kind", ref.kind());
            put(sink, "ref-name", ref.name());
        }
        put(sink, "creation-time", event.creationTime());
        put(sink, "mod-time", event.modTime());
    }

    /** Whether a time has a syslog timestamp: years 0000 to 9999, as RFC 3339 (and so RFC 5424) allows. */
    static boolean hasSyslogTimestamp(Instant time) {
        return !time.isBefore(FIRST_SYSLOG_TIME) && time.isBefore(AFTER_LAST_SYSLOG_TIME);
    }

    /** When the event happened for syslog: its mod-time, else its creation-time, else now. */
    static Instant timeOf(Event event, Clock clock) {
        if (event.modTime() != null) {
            return event.modTime();
        }
        return event.creationTime() != null ? event.creationTime() : clock.instant();
    }

    /** The event's severity; an event without one is reported as info. */
    static Severity severityOf(Event event) {
        return event.severity() == null ? Severity.INFO : event.severity();
    }

    static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static void put(Sink sink, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            sink.field(name, value);
        }
    }
}
