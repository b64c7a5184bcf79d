package io.venice.events.proxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.StoredLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resent uuids through the real proxy and dispatcher (YAML routes, a real socket): the dispatcher's first
 * Idempotent Consumer acknowledges a copy of an event already stored as a duplicate and never stores it twice,
 * forgets a uuid whose request could not be stored, and makes a copy that arrives while another request is storing
 * the first come back later, taking nothing of its read.
 */
class AcceptedUuidsRouteTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    PipelineHarness pipeline;
    /** Counted down when the test lets the file writer deliver (its destination hangs until then). */
    final CountDownLatch fileWriterFree = new CountDownLatch(1);
    final AtomicBoolean fileWriterHangs = new AtomicBoolean(false);
    /** Counted down when the test lets the request held before {@code store:events} be stored. */
    final CountDownLatch storeFirst = new CountDownLatch(1);

    void start(Consumer<PipelineHarness.Builder> changes) throws Exception {
        PipelineHarness.Builder builder = PipelineHarness.builder(dataDir)
                .advise("writer-file", a -> a.weaveByToUri("file:*").before().process(e -> {
                    if (fileWriterHangs.get()) {
                        assertThat(fileWriterFree.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }));
        changes.accept(builder);
        pipeline = builder.start();
    }

    @AfterEach
    void stop() throws Exception {
        fileWriterFree.countDown();
        storeFirst.countDown();
        if (pipeline != null) {
            pipeline.close();
        }
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A sender's line for a LINK_DOWN on {@code port} that carries its own uuid (as the recorder's resends do). */
    static String line(String uuid, String port) {
        return Events.linkDownLine(port).replace("{\"type\"", "{\"meta\":{\"uuid\":\"" + uuid + "\"},\"type\"");
    }

    static String list(String... items) {
        return "{\"kind\":\"EventList\",\"items\":[" + String.join(",", items) + "]}";
    }

    static String ok(String uuid) {
        return "{\"status\":\"ok\",\"uuid\":\"" + uuid + "\"}";
    }

    static String duplicate(String uuid) {
        return "{\"status\":\"ok\",\"uuid\":\"" + uuid + "\",\"duplicate\":true}";
    }

    static String listOk(int accepted, int duplicates) {
        return "{\"status\":\"ok\",\"accepted\":" + accepted + (duplicates > 0 ? ",\"duplicates\":" + duplicates : "")
                + ",\"rejected\":[]}";
    }

    List<StoredEvent> stored() {
        return StoredLines.in(dataDir.resolve("store"));
    }

    /** The stored lines that an occurrence with this uuid brought. */
    List<StoredEvent> storedFor(String uuid) {
        return stored().stream().filter(line -> line.occurrence().equals(uuid)).toList();
    }

    double rejected(String reason) {
        MeterRegistry meters = pipeline.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return meters.get(ProxyIntake.REJECTED).tag("reason", reason).counter().count();
    }

    @Test
    void acknowledgesAResentUuidAsADuplicateAloneOrInAListAndDoesNotStoreItAgain() throws Exception {
        start(b -> { });
        String resent = uuid();
        String other = uuid();

        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(line(resent, "eth1"))).isEqualTo(ok(resent));
            assertThat(client.send(line(resent, "eth1"))).isEqualTo(duplicate(resent));
            assertThat(client.send(list(line(resent, "eth1"), line(other, "eth2"))))
                    .as("the duplicate is counted in accepted").isEqualTo(listOk(2, 1));
        }

        assertThat(stored()).extracting(StoredEvent::occurrence).containsExactly(resent, other);
    }

    @Test
    void takesAUuidWhoseFirstCopyCouldNotBeStoredAgainWhenResentAndCountsItOnce() throws Exception {
        fileWriterHangs.set(true); // holds everything in the store: it fills up
        start(b -> b.property("store.max-bytes", "4k").property("store.segment-bytes", "1k"));
        String uuid = uuid();

        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            int filled = 0;
            while (!client.send(Events.linkDownLine("fill" + filled)).contains("\"retry\":true")) {
                assertThat(++filled).as("the store fills up").isLessThan(100);
            }
            String refused = client.send(line(uuid, "eth1"));
            assertThat(refused).startsWith("{\"status\":\"error\",\"error\":\"event store full: ")
                    .endsWith("; events not accepted, send them again\",\"retry\":true}");
            assertThat(storedFor(uuid)).isEmpty();

            fileWriterFree.countDown();
            Await.until(WAIT, () -> pipeline.delivered("file"), () -> "the file writer delivers what filled the store");
            // the intake log keeps what the fan-out has not read: the line asserted below stays (segments of 1k roll)
            pipeline.context().getRouteController().stopRoute("fan-out");

            assertThat(client.send(line(uuid, "eth1"))).as("taken: the refused copy was forgotten").isEqualTo(ok(uuid));
            assertThat(client.send(line(uuid, "eth1"))).isEqualTo(duplicate(uuid));
        }

        List<StoredEvent> lines = storedFor(uuid);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).held()).isFalse();
        assertThat(lines.get(0).event().countOrOne()).as("a first occurrence: the refused copy was not counted").isEqualTo(1);
    }

    @Test
    void makesACopyArrivingWhileAnotherRequestStoresTheFirstWaitForItAndTakesItAsADuplicate() throws Exception {
        AtomicBoolean holdNext = new AtomicBoolean(false);
        CountDownLatch firstBeingStored = new CountDownLatch(1);
        start(b -> b.advise("dispatcher", a -> a.weaveByToUri("store:events").before().process(e -> {
            if (holdNext.compareAndSet(true, false)) {
                firstBeingStored.countDown();
                assertThat(storeFirst.await(30, TimeUnit.SECONDS)).isTrue();
            }
        })));
        String copied = uuid();
        String otherNew = uuid();
        String otherRepeat = uuid();
        String earlier = uuid();

        try (ProxyClient first = ProxyClient.connect(pipeline.proxyPort());
                ProxyClient second = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(second.send(line(earlier, "eth3"))).isEqualTo(ok(earlier)); // eth3 has a window open, count 1
            holdNext.set(true);
            CompletableFuture<String> firstReply = CompletableFuture.supplyAsync(() -> first.send(line(copied, "eth1")));
            assertThat(firstBeingStored.await(10, TimeUnit.SECONDS)).isTrue();

            String read = list(line(otherNew, "eth2"), line(otherRepeat, "eth3"), line(copied, "eth1"));
            CompletableFuture<String> secondReply = CompletableFuture.supplyAsync(() -> second.send(read));
            assertThat(stored()).extracting(StoredEvent::occurrence).as("the first request is not stored yet")
                    .containsExactly(earlier);
            assertThat(secondReply).as("one request at a time: the copy waits for the first").isNotDone();

            storeFirst.countDown();
            assertThat(firstReply.get(10, TimeUnit.SECONDS)).isEqualTo(ok(copied));
            assertThat(secondReply.get(10, TimeUnit.SECONDS)).as("the copy is a duplicate, once the first is stored")
                    .isEqualTo(listOk(3, 1));
        }

        assertThat(rejected("storing")).isZero();
        assertThat(storedFor(copied)).hasSize(1);
        assertThat(storedFor(otherNew)).singleElement()
                .satisfies(line -> assertThat(line.held()).isFalse())
                .satisfies(line -> assertThat(line.event().countOrOne()).isEqualTo(1));
        assertThat(storedFor(otherRepeat)).singleElement()
                .satisfies(line -> assertThat(line.event().uuid()).isEqualTo(earlier))
                .satisfies(line -> assertThat(line.event().countOrOne()).isEqualTo(2));
    }

    @Test
    void takesAUuidThatAppearsTwiceInOneListOnce() throws Exception {
        start(b -> { });
        String twice = uuid();

        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(list(line(twice, "eth1"), line(twice, "eth1")))).isEqualTo(listOk(2, 1));
        }

        assertThat(storedFor(twice)).hasSize(1);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void answersEveryLineOfOneWriteInOrderAndStoresEachEventOnce() throws Exception {
        start(b -> { });
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String uuid = uuid();
            uuids.add(uuid);
            lines.add(line(uuid, "eth" + i));
            expected.add(ok(uuid));
            if (i % 5 == 4) { // a resend of an earlier line of this write
                String again = uuids.get(i - 3);
                lines.add(line(again, "eth" + (i - 3)));
                expected.add(duplicate(again));
            }
            if (i % 7 == 6) { // a list: a new event and a resend
                String listed = uuid();
                uuids.add(listed);
                lines.add(list(line(listed, "list" + i), line(uuids.get(0), "eth0")));
                expected.add(listOk(2, 1));
            }
            if (i % 11 == 10) {
                lines.add("{oops");
                expected.add(null);
            }
        }

        List<String> replies;
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            replies = client.sendAll(lines);
        }

        assertThat(replies).hasSameSizeAs(expected);
        for (int i = 0; i < replies.size(); i++) {
            if (expected.get(i) == null) {
                assertThat(replies.get(i)).as("line %d", i).startsWith("{\"status\":\"error\",\"error\":\"malformed JSON");
            } else {
                assertThat(replies.get(i)).as("line %d", i).isEqualTo(expected.get(i));
            }
        }
        Map<String, Long> storedPerUuid = stored().stream()
                .collect(Collectors.groupingBy(StoredEvent::occurrence, Collectors.counting()));
        assertThat(storedPerUuid.keySet()).containsExactlyInAnyOrderElementsOf(uuids);
        assertThat(storedPerUuid.values()).as("each stored once").containsOnly(1L);
        assertThat(stored()).extracting(StoredEvent::event).extracting(Event::countOrOne).containsOnly(1);
    }
}
