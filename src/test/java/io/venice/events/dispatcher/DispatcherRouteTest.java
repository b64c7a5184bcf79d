package io.venice.events.dispatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.StoreFullException;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.StoredLines;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher route on the real YAML: what it stores for first occurrences and repeats, and what survives a restart. */
class DispatcherRouteTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(T0);
    PipelineHarness pipeline;

    PipelineHarness start(String dedupInterval, String... properties) throws Exception {
        PipelineHarness.Builder builder = PipelineHarness.builder(dataDir)
                .clock(clock)
                .property("dispatcher.dedup-interval", dedupInterval);
        for (int i = 0; i < properties.length; i += 2) {
            builder.property(properties[i], properties[i + 1]);
        }
        pipeline = builder.start();
        return pipeline;
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Hands {@code n} occurrences of the same event to the dispatcher, as the proxy does; returns once they are stored. */
    void dispatch(String port, int n) {
        List<Event> occurrences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            occurrences.add(Events.linkDown(port, clock.instant()));
        }
        pipeline.producer().requestBody("direct:dispatcher", occurrences);
    }

    /** Every line of the event store, oldest first. */
    List<StoredEvent> stored() {
        try (Stream<Path> segments = Files.list(dataDir.resolve("store"))) {
            List<StoredEvent> lines = new ArrayList<>();
            for (Path segment : segments.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                Files.readAllLines(segment).forEach(line -> lines.add(EventJson.read(StoredLines.json(line), StoredEvent.class)));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Integer> highestCountPerUuid(List<StoredEvent> lines) {
        return lines.stream().map(StoredEvent::event)
                .collect(Collectors.toMap(Event::uuid, Event::countOrOne, Math::max));
    }

    @Test
    void duringMaintenanceAFlaggedTypeIsAcknowledgedCountedAndNeverStoredAndOthersAreStoredAsEver() throws Exception {
        start("1s");
        MaintenanceMode maintenance = pipeline.context().getRegistry().lookupByNameAndType("maintenanceMode",
                MaintenanceMode.class);
        maintenance.set(true);
        Event linkDown = Events.linkDown("eth1", clock.instant()); // LINK_DOWN: suppress-during-maintenance
        String uuid = java.util.UUID.randomUUID().toString();
        Event quorumLost = new Event(linkDown.kind(), linkDown.meta().withIdentity(uuid, uuid, Event.SELF_LINK_PREFIX + uuid),
                "QUORUM_LOST", linkDown.severity(), "quorum lost", "cluster", linkDown.objectRef(), linkDown.source(), 1);

        Object states = pipeline.producer().requestBody("direct:dispatcher", List.of(linkDown, quorumLost));

        assertThat(stored()).extracting(line -> line.event().type()).containsExactly("QUORUM_LOST");
        assertThat(((EventStates) states).isDuplicate(0)).as("acknowledged as a first occurrence, not a resend").isFalse();
        assertThat(pipeline.context().getRegistry().lookupByNameAndType(
                org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.micrometer.core.instrument.MeterRegistry.class)
                .get(MaintenanceMode.SUPPRESSED).tag("type", "LINK_DOWN").counter().count()).isEqualTo(1.0);

        maintenance.set(false);
        dispatch("eth2", 1);
        assertThat(stored()).extracting(line -> line.event().type()).containsExactly("QUORUM_LOST", "LINK_DOWN");
    }

    @Test
    void storesTheCountOfAnEventSentWithTheLargestCountAndRepeatedAsThatCountNotANegativeOne() throws Exception {
        start("1s");

        pipeline.producer().requestBody("direct:dispatcher",
                List.of(Events.linkDown("eth1", clock.instant()).withCount(Integer.MAX_VALUE)));
        dispatch("eth1", 3);

        assertThat(stored()).extracting(line -> line.event().countOrOne())
                .as("the probe stored -2147483648, -2147483647, ...").containsOnly(Integer.MAX_VALUE);
    }

    @Test
    void storesTheFirstOccurrenceAsItCameAndEachRepeatAsItsSeriesWithTheCountSoFar() throws Exception {
        start("1s");

        dispatch("eth1", 100);

        List<StoredEvent> lines = stored();
        assertThat(lines).hasSize(100);
        Event first = lines.get(0).event();
        assertThat(first.uuid()).isEqualTo(lines.get(0).occurrence());
        assertThat(first.countOrOne()).isEqualTo(1);
        assertThat(lines).extracting(line -> line.event().uuid()).containsOnly(first.uuid());
        assertThat(lines).extracting(line -> line.event().countOrOne()).isSorted().endsWith(100);
        assertThat(lines).extracting(StoredEvent::occurrence).as("each occurrence's own uuid, for resends").doesNotHaveDuplicates();
    }

    @Test
    void countsANewEventUnderANewUuidAfterTheWindowAndLeavesTheOldCountAlone() throws Exception {
        start("1s");

        dispatch("eth1", 100);
        clock.advance(Duration.ofMillis(1001));
        dispatch("eth1", 100);

        Map<String, Integer> counts = highestCountPerUuid(stored());
        assertThat(counts).hasSize(2);
        assertThat(counts.values()).containsExactly(100, 100);
    }

    @Test
    void continuesEachSeriesUnderItsUuidAfterARestart() throws Exception {
        start("10m");
        dispatch("eth1", 5);
        pipeline.close();

        clock.advance(Duration.ofMinutes(1));
        start("10m");
        dispatch("eth1", 5);

        Map<String, Integer> counts = highestCountPerUuid(stored());
        assertThat(counts).as("one series, counted on from where it was").hasSize(1).containsValue(10);
    }

    @Test
    void refusesEventsTheFullStoreCannotTakeWithoutCountingThem() throws Exception {
        start("10m", "store.max-bytes", "8k", "store.segment-bytes", "4k", "writers.file.enabled", "false",
                "writers.venice.enabled", "true", "writers.venice.url", "http://127.0.0.1:9/unreachable");
        int stored = 0;
        Throwable refused = null;
        while (refused == null) {
            try {
                dispatch("eth1", 1);
                stored++;
            } catch (CamelExecutionException e) {
                refused = e.getCause();
            }
        }

        assertThat(refused).isInstanceOf(StoreFullException.class)
                .hasMessageStartingWith("event store full: ").hasMessageContaining("store.max-bytes=8192");
        assertThatThrownBy(() -> dispatch("eth1", 1)).hasCauseInstanceOf(StoreFullException.class);
        assertThat(highestCountPerUuid(stored())).as("the refused occurrences are not in any count").hasSize(1).containsValue(stored);
    }

    @Test
    void keepsTakingEventsThatNeverRepeatOnceTheWritersDeliveredThem() throws Exception {
        start("10m", "store.max-bytes", "4k", "store.segment-bytes", "1k");

        for (int i = 0; i < 30; i++) { // about 16 KB of events through a store of 4 KB
            pipeline.producer().requestBody("direct:dispatcher", List.of(Events.linkDown("eth" + i, clock.instant())));
            int delivered = i + 1;
            Await.until(Duration.ofSeconds(10),
                    () -> eventsFileLines() == delivered && pipeline.delivered("file"));
        }

        assertThat(stored()).as("only what the writers have not passed, and the segment being written")
                .hasSizeLessThan(5);
    }

    long eventsFileLines() throws IOException {
        Path dir = dataDir.resolve("events");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            long lines = 0;
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
            return lines;
        }
    }

    @Test
    void acknowledgesAResendOfAStoredEventAsADuplicateBeforeAndAfterARestart() throws Exception {
        String line = Events.linkDownLine("eth1").replace("{\"type\"",
                "{\"meta\":{\"uuid\":\"11111111-2222-4333-8444-555555555555\"},\"type\"");
        start("10m");
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(line)).isEqualTo("{\"status\":\"ok\",\"uuid\":\"11111111-2222-4333-8444-555555555555\"}");
            assertThat(client.send(line)).endsWith(",\"duplicate\":true}");
        }
        pipeline.close();

        start("10m");
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(line)).as("remembered across the restart").endsWith(",\"duplicate\":true}");
        }

        assertThat(stored()).hasSize(1);
    }
}
