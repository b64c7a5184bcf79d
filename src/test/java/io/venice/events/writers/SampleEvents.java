package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/** The event the syslog formatter tests format, and a clock that never moves. */
final class SampleEvents {

    static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String UUID = "5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d41";
    static final Instant CREATED = Instant.parse("2026-11-27T03:38:04.500Z");
    static final Instant MODIFIED = Instant.parse("2026-11-27T03:38:05.123456Z");
    /** The IANA enterprise number reserved for documentation (RFC 5612). */
    static final int ENTERPRISE_NUMBER = 32473;

    private SampleEvents() {
    }

    /** DSC_NOT_ADMITTED, warn, about node 20.0.1.61, seen 3 times. */
    static Event dscNotAdmitted() {
        Meta meta = new Meta(UUID, "default", "default", UUID, null, CREATED, MODIFIED,
                Event.SELF_LINK_PREFIX + UUID);
        return new Event(Event.KIND, meta, "DSC_NOT_ADMITTED", Severity.WARN,
                "DSC for host [sim_host1035] not admitted.", "cluster", ObjectRef.of("Node", "20.0.1.61"),
                new EventSource("pen-npm", "20.0.1.61"), 3);
    }

    static Event withMessage(Event event, String message) {
        return new Event(event.kind(), event.meta(), event.type(), event.severity(), message, event.category(),
                event.objectRef(), event.source(), event.count());
    }

    static Event withType(Event event, String type) {
        return new Event(event.kind(), event.meta(), type, event.severity(), event.message(), event.category(),
                event.objectRef(), event.source(), event.count());
    }

    static Event withSeverity(Event event, Severity severity) {
        return new Event(event.kind(), event.meta(), event.type(), severity, event.message(), event.category(),
                event.objectRef(), event.source(), event.count());
    }

    static Event withTimes(Event event, Instant created, Instant modified) {
        return event.withMeta(event.meta().withTimes(created, modified));
    }
}
