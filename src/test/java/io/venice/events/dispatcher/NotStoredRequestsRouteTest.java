package io.venice.events.dispatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.StoredLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read the event store refuses (full) is undone in the dispatcher: its uuids are forgotten and its occurrences
 * taken back out of their dedup windows, so the same lines sent again once there is room give exactly the counts
 * they would have given had the refused attempt never happened: no count skipped, none counted twice.
 */
class NotStoredRequestsRouteTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(T0);
    PipelineHarness pipeline;
    /** The file writer's destination hangs until this is counted down: what it has not delivered fills the store. */
    final CountDownLatch fileWriterFree = new CountDownLatch(1);
    final AtomicBoolean fileWriterHangs = new AtomicBoolean(true);

    @AfterEach
    void stop() throws Exception {
        fileWriterFree.countDown();
        if (pipeline != null) {
            pipeline.close();
        }
    }

    void start() throws Exception {
        pipeline = PipelineHarness.builder(dataDir)
                .clock(clock)
                .property("dispatcher.dedup-interval", "10m")
                .property("dispatcher.flush-interval", "200ms")
                .property("store.max-bytes", "4k")
                .property("store.segment-bytes", "1k")
                .advise("writer-file", a -> a.weaveByToUri("file:*").before().process(e -> {
                    if (fileWriterHangs.get()) {
                        assertThat(fileWriterFree.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }))
                .start();
    }

    static String line(String uuid, String port) {
        return Events.linkDownLine(port).replace("{\"type\"", "{\"meta\":{\"uuid\":\"" + uuid + "\"},\"type\"");
    }

    static String list(String... items) {
        return "{\"kind\":\"EventList\",\"items\":[" + String.join(",", items) + "]}";
    }

    static String uuid(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    List<StoredEvent> stored() {
        return StoredLines.in(dataDir.resolve("store"));
    }

    /** The line an occurrence brought: its first occurrence's, or its repeat's held state (not the released copy). */
    StoredEvent storedFor(String occurrence) {
        List<StoredEvent> lines = stored().stream().filter(l -> l.occurrence().equals(occurrence)
                && (l.held() || l.event().uuid().equals(occurrence))).toList();
        assertThat(lines).as("stored lines of occurrence %s", occurrence).hasSize(1);
        return lines.get(0);
    }

    /** What the file writer wrote, as events, oldest first. */
    List<Event> written() {
        Path dir = dataDir.resolve("events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).forEach(l -> events.add(EventJson.read(l, Event.class)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    List<Integer> writtenCounts(String series) {
        return written().stream().filter(e -> e.uuid().equals(series)).map(Event::countOrOne).toList();
    }

    @Test
    void countsTheLinesOfARefusedReadSentAgainAsIfTheRefusedAttemptHadNeverHappened() throws Exception {
        start();
        String series = uuid(1);
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            for (int n = 1; n <= 3; n++) {
                assertThat(client.send(line(uuid(n), "eth1"))).startsWith("{\"status\":\"ok\"");
            }
            // released: in the intake log, and copied to the file writer's log (which keeps it while that writer hangs)
            Await.until(WAIT, () -> StoredLines.in(dataDir.resolve("store/logs/file")).stream()
                    .anyMatch(l -> l.event().countOrOne() == 3), () -> "the count 3 released: " + stored());
            int filled = 0;
            while (!client.send(Events.linkDownLine("fill" + filled)).contains("\"retry\":true")) {
                assertThat(++filled).as("the store fills up").isLessThan(100);
            }
            String read = list(line(uuid(4), "eth1"), line(uuid(5), "eth1"), line(uuid(100), "eth2"));

            assertThat(client.send(read)).as("refused: the store is full").contains("\"retry\":true");
            assertThat(stored()).extracting(StoredEvent::occurrence).doesNotContain(uuid(4), uuid(5), uuid(100));

            fileWriterFree.countDown();
            Await.until(WAIT, () -> pipeline.delivered("file"), () -> "the file writer delivers what filled the store");
            // the intake log keeps what the fan-out has not read: the lines asserted below stay (segments of 1k roll)
            pipeline.context().getRouteController().stopRoute("fan-out");

            assertThat(client.send(read)).as("taken, nothing a duplicate")
                    .isEqualTo("{\"status\":\"ok\",\"accepted\":3,\"rejected\":[]}");
        }

        assertThat(storedFor(uuid(4))).satisfies(l -> assertThat(l.held()).isTrue())
                .extracting(StoredEvent::event).satisfies(e -> assertThat(e.uuid()).isEqualTo(series))
                .extracting(Event::countOrOne).as("the next count after 3: the refused occurrences were taken back")
                .isEqualTo(4);
        assertThat(storedFor(uuid(5)).event().countOrOne()).isEqualTo(5);
        assertThat(storedFor(uuid(100))).satisfies(l -> assertThat(l.held()).isFalse())
                .extracting(StoredEvent::event).satisfies(e -> assertThat(e.uuid()).isEqualTo(uuid(100)))
                .extracting(Event::countOrOne).as("a first occurrence: its refused window was closed again").isEqualTo(1);
        pipeline.context().getRouteController().startRoute("fan-out");
        Await.until(WAIT, () -> writtenCounts(series).contains(5), () -> "count 5 written: " + writtenCounts(series));
        assertThat(writtenCounts(series)).as("the first occurrence, then the counts released (one a flush), up to 5")
                .startsWith(1).endsWith(5).isSorted().doesNotHaveDuplicates();
        assertThat(written()).filteredOn(e -> e.uuid().equals(uuid(100))).extracting(Event::countOrOne)
                .containsExactly(1);
    }
}
