package io.venice.events.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.venice.events.dispatcher.DedupKeys;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.EventDefaults;
import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.ProxyIntake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventFactoryTest {

    static EventCatalog catalog;
    static ProxyIntake intake;

    @BeforeAll
    static void loadCatalog() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("config/event-types.yaml"))) {
            catalog = EventCatalog.read(in, "config/event-types.yaml");
        }
        intake = new ProxyIntake(new EventValidator(catalog, EventValidator.TypeCheck.STRICT),
                new EventDefaults(catalog, "node", false, Clock.systemUTC()),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @Test
    void everyKindHasACatalogTypeWithItsSeverity() {
        for (EventFactory.Kind kind : EventFactory.KINDS) {
            assertThat(catalog.find(kind.type())).as(kind.type()).isPresent();
            assertThat(catalog.find(kind.type()).get().severity().wireName()).as(kind.type()).isEqualTo(kind.severity());
        }
    }

    @Test
    void linesAreAcceptedByTheProxyAndAbout330Bytes() {
        EventFactory factory = new EventFactory(3, 0.1, 1);
        long bytes = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] line = factory.singleLine();
            bytes += line.length - 1;
            Result result = handle(new String(line).strip());
            assertThat(result.reply()).startsWith("{\"status\":\"ok\",\"uuid\":");
        }
        assertThat(bytes / 2000).isBetween(300L, 360L);
    }

    @Test
    void repeatsAreExactCopiesAndTheOthersHaveDistinctDedupKeys() {
        EventFactory factory = new EventFactory(4, 0.1, 1);
        Set<String> seenJson = new HashSet<>();
        Set<String> keys = new HashSet<>();
        int repeats = 0;
        for (int i = 0; i < 20_000; i++) {
            String json = factory.nextEvent();
            if (factory.lastWasRepeat()) {
                repeats++;
                assertThat(seenJson).contains(json);
            } else {
                Event event = handle(json).accepted().get(0);
                assertThat(keys.add(DedupKeys.keyOf(event))).as("distinct key for %s", json).isTrue();
                seenJson.add(json);
            }
        }
        assertThat(repeats).isBetween(1700, 2300);
        assertThat(factory.repeats()).isEqualTo(repeats);
    }

    @Test
    void anEventListLineCarriesTheAskedNumberOfItems() {
        EventFactory factory = new EventFactory(5, 0.1, 1);
        Result result = handle(new String(factory.listLine(100)).strip());

        assertThat(result.accepted()).hasSize(100);
        assertThat(result.reply()).isEqualTo("{\"status\":\"ok\",\"accepted\":100,\"rejected\":[]}");
    }

    @Test
    void differentStreamsNeverMakeTheSameEvent() {
        EventFactory a = new EventFactory(6, 0, 1);
        EventFactory b = new EventFactory(7, 0, 1);
        Set<String> keys = new HashSet<>();
        for (EventFactory f : List.of(a, b)) {
            for (int i = 0; i < 1000; i++) {
                assertThat(keys.add(DedupKeys.keyOf(handle(f.nextEvent()).accepted().get(0)))).isTrue();
            }
        }
    }

    /** What the proxy makes of one line, as the proxy route asks it (no dispatcher: nothing is a duplicate). */
    record Result(List<Event> accepted, String reply) {
    }

    static Result handle(String line) {
        io.venice.events.proxy.IntakeBatch batch = intake.read(line);
        return new Result(batch.events(), intake.replies(batch, null));
    }
}
