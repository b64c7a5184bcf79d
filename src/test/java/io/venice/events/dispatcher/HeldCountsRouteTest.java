package io.venice.events.dispatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.EventStore;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.StoredLines;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The held-counts route on the real YAML: the timed aggregate (a real Camel timer, dispatcher.flush-interval)
 * releases the latest count of each repeated series once a flush, the graceful stop releases what it holds before
 * the writers stop, and held counts a store kept unreleased are released at start, once. The file writer's
 * destination is a mock: what it gets is what the writer delivers.
 */
class HeldCountsRouteTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(T0);
    PipelineHarness pipeline;
    MockEndpoint file;

    void start(String flushInterval, String... properties) throws Exception {
        PipelineHarness.Builder builder = PipelineHarness.builder(dataDir)
                .clock(clock)
                .property("dispatcher.dedup-interval", "10m")
                .property("dispatcher.flush-interval", flushInterval)
                .advise("writer-file", a -> a.weaveByToUri("file:*").replace().to("mock:file"));
        for (int i = 0; i < properties.length; i += 2) {
            builder.property(properties[i], properties[i + 1]);
        }
        pipeline = builder.start();
        file = pipeline.context().getEndpoint("mock:file", MockEndpoint.class);
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Every event the file writer delivered in this run, in order. */
    List<Event> delivered() {
        List<Event> events = new ArrayList<>();
        for (Exchange batch : List.copyOf(file.getReceivedExchanges())) {
            batch.getMessage().getBody(String.class).lines().forEach(line -> events.add(EventJson.read(line, Event.class)));
        }
        return events;
    }

    /** The counts the file writer delivered for each series (by uuid), in order. */
    Map<String, List<Integer>> deliveredCounts() {
        return delivered().stream().collect(Collectors.groupingBy(Event::uuid,
                Collectors.mapping(Event::countOrOne, Collectors.toList())));
    }

    List<StoredEvent> stored() {
        return StoredLines.in(dataDir.resolve("store"));
    }

    /** The lines of one series the store holds: its first occurrence, held repeats, released counts. */
    List<StoredEvent> storedOf(String series) {
        return stored().stream().filter(l -> l.event().uuid().equals(series)).toList();
    }

    /** The counts released (appended again, not held) for a series: its lines after the first occurrence, not held. */
    List<Integer> releasedCounts(String series) {
        return storedOf(series).stream().filter(l -> !l.held() && !l.occurrence().equals(series))
                .map(l -> l.event().countOrOne()).toList();
    }

    /** {@code n} occurrences of each of {@code ports}' events, interleaved, handed to the dispatcher as one request. */
    List<String> dispatch(int n, String... ports) {
        List<Event> occurrences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (String port : ports) {
                occurrences.add(Events.linkDown(port, clock.instant()));
            }
        }
        pipeline.producer().requestBody("direct:dispatcher", occurrences);
        List<String> series = new ArrayList<>();
        for (int p = 0; p < ports.length; p++) {
            series.add(occurrences.get(p).uuid());
        }
        return series;
    }

    /**
     * Dispatches two occurrences of a new event and waits until the flush released its count 2: a flush has just
     * happened (the next one is a whole interval away), and everything held before it has been released.
     */
    String awaitAFlush(String port) {
        String series = dispatch(2, port).get(0);
        Await.until(WAIT, () -> releasedCounts(series).contains(2), () -> "a flush releases " + port + "'s count 2");
        return series;
    }

    HeldCounts heldCounts() {
        return pipeline.context().getRegistry().lookupByNameAndType("heldCounts", HeldCounts.class);
    }

    @Test
    void releasesTheHighestCountOfEachSeriesRepeatedWithinAFlushIntervalOnceAndNotAgainAtTheNextFlush() throws Exception {
        start("1s");
        awaitAFlush("warm-up");

        List<String> series = dispatch(20, "eth1", "eth2", "eth3");

        Await.until(WAIT, () -> series.stream().allMatch(s -> deliveredCounts().getOrDefault(s, List.of()).contains(20)),
                () -> "the file writer gets count 20 of each: " + deliveredCounts());
        for (String s : series) {
            assertThat(deliveredCounts().get(s)).as("series %s: its first occurrence, then one state: the highest", s)
                    .containsExactly(1, 20);
            List<StoredEvent> lines = storedOf(s);
            assertThat(lines).as("the first occurrence, 19 held repeats, one count released").hasSize(21);
            assertThat(lines).filteredOn(StoredEvent::held).extracting(l -> l.event().countOrOne())
                    .containsExactlyElementsOf(IntStream.rangeClosed(2, 20).boxed().toList());
            assertThat(releasedCounts(s)).containsExactly(20);
        }

        awaitAFlush("later"); // one more flush at least

        for (String s : series) {
            assertThat(releasedCounts(s)).as("released once").containsExactly(20);
            assertThat(deliveredCounts().get(s)).containsExactly(1, 20);
        }
    }

    @Test
    void deliversFirstOccurrencesAtOnceAndTheHeldCountsWhenThePipelineStopsBeforeTheWritersStop() throws Exception {
        start("1h");

        List<String> series = dispatch(5, "eth1", "eth2", "eth3");

        Await.until(WAIT, () -> pipeline.delivered("file"), () -> "the file writer passes everything stored");
        assertThat(deliveredCounts()).as("the first occurrences at once, no repeat before a flush")
                .containsOnlyKeys(series).allSatisfy((s, counts) -> assertThat(counts).containsExactly(1));
        assertThat(heldCounts().getKeys()).containsExactlyInAnyOrderElementsOf(series);

        pipeline.stop();

        assertThat(deliveredCounts()).as("each series' held count, delivered during the stop")
                .containsOnlyKeys(series).allSatisfy((s, counts) -> assertThat(counts).containsExactly(1, 5));
        series.forEach(s -> assertThat(releasedCounts(s)).containsExactly(5));

        start("1h");
        assertThat(heldCounts().size()).as("released before the stop: nothing to put back").isZero();
    }

    @Test
    void releasesAtStartTheHighestHeldCountOfEachSeriesTheStoreNeverReleasedAndOnlyOnce() throws Exception {
        String neverReleased = UUID.randomUUID().toString();
        String released = UUID.randomUUID().toString();
        String outOfOrder = UUID.randomUUID().toString();
        String heldAgain = UUID.randomUUID().toString();
        try (EventStore store = new EventStore(dataDir.resolve("store"), 8 << 20, 1 << 30, WhenFull.REJECT, false)) {
            store.append(series(neverReleased, "eth1", "1", "2h", "3h"), false);
            store.append(series(released, "eth2", "1", "2h", "3h", "3"), false);
            store.append(series(outOfOrder, "eth3", "1", "2h", "5h", "4h"), false);
            store.append(series(heldAgain, "eth4", "1", "2h", "2", "3h"), false);
        }

        start("200ms");

        Await.until(WAIT, () -> deliveredCounts().keySet().containsAll(List.of(neverReleased, outOfOrder, heldAgain)),
                () -> "the unreleased counts go to the file writer: " + deliveredCounts());
        awaitAFlush("later"); // a flush after the one that released them
        assertThat(deliveredCounts()).as("only what was never released: the highest count held")
                .containsEntry(neverReleased, List.of(3)).containsEntry(outOfOrder, List.of(5))
                .containsEntry(heldAgain, List.of(3)).doesNotContainKey(released);
        assertThat(releasedCounts(neverReleased)).containsExactly(3);
        assertThat(releasedCounts(released)).as("as it was").containsExactly(3);
        assertThat(releasedCounts(outOfOrder)).containsExactly(5);
        assertThat(releasedCounts(heldAgain)).containsExactly(2, 3);
        pipeline.stop();

        start("200ms");
        awaitAFlush("after-restart");

        assertThat(deliveredCounts()).as("nothing released again after a restart").doesNotContainKeys(
                neverReleased, released, outOfOrder, heldAgain);
        assertThat(releasedCounts(neverReleased)).containsExactly(3);
        assertThat(releasedCounts(outOfOrder)).containsExactly(5);
        assertThat(releasedCounts(heldAgain)).containsExactly(2, 3);
    }

    /**
     * A series' lines as the dispatcher stores them: "1" its first occurrence, "<n>h" a repeat's state held at count
     * n, "<n>" a count released.
     */
    List<StoredEvent> series(String uuid, String port, String... lines) {
        Event template = Events.linkDown(port, T0);
        Event first = template.withMeta(template.meta().withIdentity(uuid, uuid, Event.SELF_LINK_PREFIX + uuid));
        List<StoredEvent> states = new ArrayList<>();
        String latestOccurrence = uuid;
        for (String line : lines) {
            boolean held = line.endsWith("h");
            int count = Integer.parseInt(held ? line.substring(0, line.length() - 1) : line);
            if (count == 1) {
                states.add(new StoredEvent(uuid, T0.toEpochMilli(), first));
            } else if (held) {
                latestOccurrence = UUID.randomUUID().toString();
                states.add(new StoredEvent(latestOccurrence, T0.toEpochMilli(), true, first.withCount(count)));
            } else {
                states.add(new StoredEvent(latestOccurrence, T0.toEpochMilli(), false, first.withCount(count)));
            }
        }
        return states;
    }

    @Test
    void letsTheStoreDeleteHeldLinesOnceTheirCountIsReleasedAndStoredAgain() throws Exception {
        start("200ms", "store.segment-bytes", "1k");
        List<String> series = dispatch(10, "eth1", "eth2");
        Await.until(WAIT, () -> series.stream().allMatch(s -> deliveredCounts().getOrDefault(s, List.of()).contains(10)),
                () -> "the counts released and delivered: " + deliveredCounts());

        for (int i = 0; i < 5; i++) { // segments rolled after the released counts
            dispatch(1, "other" + i);
        }
        Await.until(WAIT, () -> pipeline.delivered("file"));

        assertThat(StoredLines.segments(dataDir.resolve("store"))).as("only the segment being written is kept")
                .hasSize(1);
    }
}
