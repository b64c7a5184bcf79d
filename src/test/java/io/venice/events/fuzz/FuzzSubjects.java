package io.venice.events.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.WireDecoder;
import io.venice.events.writers.Rfc3164Formatter;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogFacility;

/** The code under fuzzing, set up once as the runner sets it up. */
final class FuzzSubjects {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC);
    static final WireDecoder DECODER = new WireDecoder();
    static final EventCatalog CATALOG = catalog();
    static final EventValidator STRICT = new EventValidator(CATALOG, EventValidator.TypeCheck.STRICT);
    static final EventValidator ACCEPT_UNKNOWN = new EventValidator(CATALOG, EventValidator.TypeCheck.ACCEPT_UNKNOWN);
    static final Rfc5424Formatter RFC5424 = new Rfc5424Formatter(SyslogFacility.LOCAL4, "venice-events", 32473, CLOCK);
    static final Rfc3164Formatter RFC3164 = new Rfc3164Formatter(SyslogFacility.LOCAL4, "venice-events", CLOCK, ZoneOffset.UTC);

    private FuzzSubjects() {
    }

    private static EventCatalog catalog() {
        try (InputStream in = FuzzSubjects.class.getResourceAsStream("/config/event-types.yaml")) {
            return EventCatalog.read(in, "config/event-types.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
