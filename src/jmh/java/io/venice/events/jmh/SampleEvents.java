package io.venice.events.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.venice.events.bench.EventFactory;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.EventDefaults;
import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.ProxyIntake;
import io.venice.events.proxy.WireDecoder;

/** The benchmarks' input: the load generator's realistic events, as wire lines and as the events the proxy makes. */
final class SampleEvents {

    /** Enough different events that the benchmarks do not measure one cached shape. */
    static final int COUNT = 1024;

    private SampleEvents() {
    }

    static EventCatalog catalog() throws IOException {
        try (InputStream in = SampleEvents.class.getResourceAsStream("/config/event-types.yaml")) {
            if (in == null) {
                throw new IOException("config/event-types.yaml not on the classpath");
            }
            return EventCatalog.read(in, "config/event-types.yaml");
        }
    }

    /** Wire lines of one event each, without the newline (the proxy's line decoder strips it). */
    static String[] lines() {
        EventFactory factory = new EventFactory(1, 0, 42);
        String[] lines = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            lines[i] = new String(factory.singleLine(), StandardCharsets.UTF_8).stripTrailing();
        }
        return lines;
    }

    /** EventList lines of {@code size} events each. */
    static String[] listLines(int count, int size) {
        EventFactory factory = new EventFactory(2, 0, 42);
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = new String(factory.listLine(size), StandardCharsets.UTF_8).stripTrailing();
        }
        return lines;
    }

    /** The events as the proxy hands them to the dispatcher: decoded, defaults filled (uuid, times, category). */
    static Event[] events() throws IOException {
        EventCatalog catalog = catalog();
        ProxyIntake intake = intake(catalog);
        String[] lines = lines();
        Event[] events = new Event[COUNT];
        for (int i = 0; i < COUNT; i++) {
            events[i] = intake.read(lines[i]).events().get(0);
        }
        return events;
    }

    static ProxyIntake intake(EventCatalog catalog) {
        return new ProxyIntake(new EventValidator(catalog, EventValidator.TypeCheck.STRICT),
                new EventDefaults(catalog, "bench-node", false, Clock.systemUTC()),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    static WireDecoder decoder() {
        return new WireDecoder();
    }
}
