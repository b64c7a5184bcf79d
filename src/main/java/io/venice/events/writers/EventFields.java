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

    private EventFields() {
    }

    /**
     * The fields uuid, type, severity, category, count, component, node, ref-tenant, ref-namespace,
     * ref-kind, ref-name, creation-time and mod-time, in that order, leaving out null and empty values.
     * Values are strings except count (Integer) and the times (Instant).
     */
    static Map<String, Object> of(Event event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        ObjectRef ref = event.objectRef();
        put(fields, "uuid", event.uuid());
        put(fields, "type", event.type());
        put(fields, "severity", event.severity() == null ? null : event.severity().wireName());
        put(fields, "category", event.category());
        put(fields, "count", event.count());
        put(fields, "component", event.component());
        put(fields, "node", event.nodeName());
        put(fields, "ref-tenant", ref == null ? null : ref.tenant());
        put(fields, "ref-namespace", ref == null ? null : ref.namespace());
        put(fields, "ref-kind", ref == null ? null : ref.kind());
        put(fields, "ref-name", ref == null ? null : ref.name());
        put(fields, "creation-time", event.creationTime());
        put(fields, "mod-time", event.modTime());
        return fields;
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

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            fields.put(name, value);
        }
    }
}
