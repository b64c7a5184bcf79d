package io.venice.events.recorder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.Recorded.Outcome;
import io.venice.events.testing.Await;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recorder against the real proxy route: counted exactly, where the original checked "at least". */
class EventRecorderIT {

    static final EventSource SOURCE = new EventSource("linkmgr", "leaf1");
    static final List<String> TYPES = List.of("LINK_UP", "LINK_DOWN");

    @TempDir
    Path workDir;
    final AcceptedEvents accepted = new AcceptedEvents();
    final List<AutoCloseable> cleanup = new ArrayList<>();
    int proxyPort = PipelineHarness.freePort();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    PipelineHarness.Builder proxyBuilder() {
        return PipelineHarness.builder(workDir.resolve("data"))
                .property("proxy.port", String.valueOf(proxyPort))
                .advise("dispatcher", a -> a.weaveByToUri("store:events").before().process(accepted));
    }

    PipelineHarness startProxy() throws Exception {
        PipelineHarness proxy = proxyBuilder().start();
        cleanup.add(proxy);
        return proxy;
    }

    EventRecorder.Builder recorderBuilder() {
        return EventRecorder.builder(SOURCE, TYPES, "tcp://127.0.0.1:" + proxyPort)
                .backupDir(workDir.resolve("backup"))
                .replayInterval(Duration.ofMillis(50));
    }

    EventRecorder startRecorder() {
        EventRecorder recorder = recorderBuilder().build();
        cleanup.add(recorder);
        return recorder;
    }

    static Recorded record(EventRecorder recorder, int sequence) {
        return recorder.event("LINK_DOWN", Severity.WARN, "port eth1 down #" + sequence, ObjectRef.of("Port", "eth1"));
    }

    static List<String> expectedMessages(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "port eth1 down #" + i).toList();
    }

    List<String> backupLines() throws IOException {
        try (Stream<Path> files = Files.walk(workDir.resolve("backup"))) {
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            List<String> lines = new ArrayList<>();
            for (Path file : regular) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            return lines;
        }
    }

    @Test
    void manyThreadsRecordingAtOnceGetEveryEventAcknowledgedExactlyOnce() throws Exception {
        startProxy();
        // a generous timeout: this test is about concurrency, not latency, on a loaded 2-core machine
        EventRecorder recorder = recorderBuilder().sendTimeout(Duration.ofSeconds(2)).build();
        cleanup.add(recorder);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Recorded>> results = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int sequence = i;
            results.add(threads.submit(() -> record(recorder, sequence)));
        }
        for (Future<Recorded> result : results) {
            Recorded recorded = result.get();
            assertThat(recorded.outcome()).as(recorded.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
        }
        threads.shutdown();

        assertThat(accepted.size()).isEqualTo(2000);
        assertThat(accepted.distinctUuids()).isEqualTo(2000);
    }

    @Test
    void theFirstEventOfEachOfTwentyFreshRecordersIsAcknowledgedWithinTheSendTimeout() throws Exception {
        PipelineHarness proxy = startProxy();
        // the proxy's own first event (its routes' and the store's first use) is not a recorder's to pay for
        try (var client = io.venice.events.testing.ProxyClient.connect(proxyPort)) {
            assertThat(client.send(io.venice.events.testing.Events.linkDownLine("eth0"))).contains("\"status\":\"ok\"");
        }
        Duration sendTimeout = Duration.ofMillis(100);

        for (int i = 0; i < 20; i++) {
            try (EventRecorder fresh = recorderBuilder().backupDir(workDir.resolve("backup-" + i)).sendTimeout(sendTimeout).build()) {
                long started = System.nanoTime();
                Recorded first = record(fresh, i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(first.outcome()).as("recorder %d: %s", i, first.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
                assertThat(took).as("recorder %d's first event() call", i).isLessThanOrEqualTo(sendTimeout);
            }
        }

        assertThat(accepted.messages()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("port eth0 down"), expectedMessages(20).stream()).toList());
        assertThat(Metrics.total(proxy.managementPort(), "venice_events_received_total"))
                .as("connecting counted nothing at the proxy").isEqualTo(21.0);
        assertThat(Metrics.total(proxy.managementPort(), "venice_events_rejected_total")).isIn(0.0, -1.0);
    }

    @Test
    void withAProxyThatNeverAnswersBuildAndEveryEventReturnSoonAfterTheSendTimeout() throws Exception {
        Duration sendTimeout = Duration.ofMillis(300);
        // connections are taken (the kernel's backlog) and never read: every request waits for its timeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long building = System.nanoTime();
            EventRecorder recorder = EventRecorder.builder(SOURCE, TYPES, "tcp://127.0.0.1:" + silent.getLocalPort())
                    .backupDir(workDir.resolve("backup")).sendTimeout(sendTimeout).build();
            cleanup.add(recorder);
            assertThat(Duration.ofNanos(System.nanoTime() - building)).as("build(): Camel's start and at most the send timeout")
                    .isLessThan(sendTimeout.plusSeconds(1));

            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                Recorded recorded = record(recorder, i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(recorded.outcome()).isEqualTo(Outcome.BACKED_UP);
                assertThat(took).as("event() %d: the send timeout, then one append to the backup", i)
                        .isLessThanOrEqualTo(sendTimeout.plusMillis(100));
            }
            assertThat(backupLines()).hasSize(5);
        }
    }

    @Test
    void eventsRecordedWhileTheProxyIsStoppedArriveOnceEachAndInOrderAfterItRestarts() throws Exception {
        PipelineHarness proxy = startProxy();
        EventRecorder recorder = startRecorder();
        int sent = 0;
        for (; sent < 50; sent++) {
            assertThat(record(recorder, sent).outcome()).isEqualTo(Outcome.ACKNOWLEDGED);
            Thread.sleep(10);
        }
        proxy.context().getRouteController().stopRoute("proxy");
        for (; sent < 100; sent++) {
            assertThat(record(recorder, sent).outcome()).isEqualTo(Outcome.BACKED_UP);
            Thread.sleep(10);
        }
        proxy.context().getRouteController().startRoute("proxy");
        for (; sent < 150; sent++) {
            record(recorder, sent);
            Thread.sleep(10);
        }

        Await.until(Duration.ofSeconds(10), () -> accepted.size() >= 150 && !recorder.hasBacklog());
        assertThat(accepted.messages()).containsExactlyElementsOf(expectedMessages(150));
        assertThat(accepted.distinctUuids()).isEqualTo(150);
    }

    @Test
    void aProxyBouncedEvery60MillisecondsLosesNothingAndCountsNothingTwice() throws Exception {
        PipelineHarness proxy = startProxy();
        EventRecorder recorder = recorderBuilder().sendTimeout(Duration.ofMillis(100)).build();
        cleanup.add(recorder);
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread source = new Thread(() -> {
            while (recording.get()) {
                record(recorder, sent.getAndIncrement());
            }
        });
        source.start();

        // 3 s of bounces, and at least 10 however slowly a loaded machine stops and starts the route
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int bounces = 0;
        while (System.nanoTime() < end || bounces < 10) {
            Thread.sleep(40);
            proxy.context().getRouteController().stopRoute("proxy");
            Thread.sleep(20);
            proxy.context().getRouteController().startRoute("proxy");
            bounces++;
        }
        recording.set(false);
        source.join();

        Await.until(Duration.ofSeconds(20), () -> accepted.size() >= sent.get() && !recorder.hasBacklog());
        assertThat(accepted.size()).isEqualTo(sent.get());
        assertThat(accepted.distinctUuids()).isEqualTo(sent.get());
        assertThat(accepted.messages()).containsExactlyElementsOf(expectedMessages(sent.get()));
    }

    @Test
    void withNoProxyEventsWaitInTheBackupAndAreDeliveredWhenOneStarts() throws Exception {
        EventRecorder recorder = startRecorder();
        for (int i = 0; i < 20; i++) {
            assertThat(record(recorder, i).outcome()).isEqualTo(Outcome.BACKED_UP);
        }
        Await.until(Duration.ofSeconds(5), () -> backupLines().size() == 20);
        assertThat(backupLines()).allSatisfy(line -> assertThat(line).contains("\"type\":\"LINK_DOWN\""));

        startProxy();

        Await.until(Duration.ofSeconds(10), () -> accepted.size() >= 20 && !recorder.hasBacklog());
        assertThat(accepted.messages()).containsExactlyElementsOf(expectedMessages(20));
        assertThat(backupLines()).isEmpty();
    }

    @Test
    void theBackupIsTheComponentsLiveFileAndTimestampedFilesWaitingInItsBakFolder() throws Exception {
        EventRecorder recorder = startRecorder();
        for (int i = 0; i < 5; i++) {
            assertThat(record(recorder, i).outcome()).isEqualTo(Outcome.BACKED_UP);
        }
        Path backup = workDir.resolve("backup");
        // the replay moves the live file into linkmgr.bak/ before it tries to send it
        Await.until(Duration.ofSeconds(5), () -> Files.list(backup.resolve("linkmgr.bak")).findAny().isPresent());
        recorder.close();

        List<String> names;
        try (Stream<Path> files = Files.walk(backup)) {
            names = files.filter(Files::isRegularFile).map(file -> backup.relativize(file).toString()).sorted().toList();
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name)
                .matches("linkmgr\\.jsonl|linkmgr\\.bak/linkmgr\\.\\d{8}T\\d{9}\\.\\d{6}\\.jsonl"));
        assertThat(backupLines()).hasSize(5);
    }

    @Test
    void aBackupFileTheProxyDoesNotTakeStaysAndIsSentAgainBeforeWhatCameAfterIt() throws Exception {
        EventRecorder recorder = recorderBuilder().replayBatchSize(2).build();
        cleanup.add(recorder);
        for (int i = 0; i < 5; i++) {
            assertThat(record(recorder, i).outcome()).isEqualTo(Outcome.BACKED_UP);
        }
        Path waiting = workDir.resolve("backup").resolve("linkmgr.bak");
        Await.until(Duration.ofSeconds(5), () -> Files.list(waiting).findAny().isPresent());
        for (int i = 5; i < 10; i++) {
            assertThat(record(recorder, i).outcome()).isEqualTo(Outcome.BACKED_UP);
        }
        // the proxy's first request with events fails to be stored: it answers "retry":true for it
        AtomicInteger requests = new AtomicInteger();
        PipelineHarness proxy = proxyBuilder()
                .advise("dispatcher", a -> a.weaveAddFirst().process(e -> {
                    if (requests.incrementAndGet() == 1) {
                        throw new IllegalStateException("store unavailable, for this test");
                    }
                }))
                .start();
        cleanup.add(proxy);

        Await.until(Duration.ofSeconds(10), () -> accepted.size() >= 10 && !recorder.hasBacklog());
        assertThat(accepted.messages()).containsExactlyElementsOf(expectedMessages(10));
        assertThat(requests.get()).as("10 events in batches of at most 2, and the refused one again").isGreaterThanOrEqualTo(6);
        assertThat(backupLines()).isEmpty();
    }

    @Test
    void aBackupLeftByAProcessThatDiedIsReplayedByTheNextRecorderBeforeItsOwnEvents() throws Exception {
        EventRecorder dead = recorderBuilder().build();
        for (int i = 0; i < 10; i++) {
            record(dead, i);
        }
        // the process dies: no close(), its backup stays on disk
        startProxy();

        EventRecorder next = startRecorder();
        for (int i = 10; i < 15; i++) {
            record(next, i);
        }

        Await.until(Duration.ofSeconds(10), () -> accepted.size() >= 15 && !next.hasBacklog());
        assertThat(accepted.messages()).containsExactlyElementsOf(expectedMessages(15));
    }

    @Test
    void aReplayOfAnEventWhoseAcknowledgementWasLostIsNotCountedTwice() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        PipelineHarness proxy = proxyBuilder()
                // the first request with events (not the recorder's empty one on connecting)
                .advise("proxy", a -> a.weaveByToUri("direct:dispatcher").after().process(e -> {
                    if (requests.incrementAndGet() == 1) {
                        Thread.sleep(300); // the proxy took the event, but its reply comes too late
                    }
                }))
                .start();
        cleanup.add(proxy);
        EventRecorder recorder = startRecorder();

        assertThat(record(recorder, 0).outcome()).isEqualTo(Outcome.BACKED_UP);
        Await.until(Duration.ofSeconds(10), () -> !recorder.hasBacklog());

        assertThat(accepted.size()).isEqualTo(1);
        assertThat(requests.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void dropsTheOldestBacklogPastTheBackupLimitAndCountsEveryEventDropped() throws Exception {
        EventRecorder recorder = recorderBuilder().maxBackupBytes(4096).build();
        cleanup.add(recorder);

        for (int i = 0; i < 100; i++) {
            assertThat(record(recorder, i).outcome()).isEqualTo(Outcome.BACKED_UP);
        }
        recorder.close(); // no replay moves files while they are counted

        List<String> kept = backupLines();
        assertThat(recorder.droppedEvents()).isPositive();
        assertThat(kept.size() + recorder.droppedEvents()).as("every event is kept or counted as dropped").isEqualTo(100);
        assertThat(String.join("\n", kept).length()).isLessThanOrEqualTo(4096);
        assertThat(kept.get(kept.size() - 1)).as("the newest events are kept").contains("port eth1 down #99");
    }

    @Test
    void refusesEventsThatCannotBeValidWithAClearError() {
        EventRecorder recorder = startRecorder();

        assertThatThrownBy(() -> recorder.event("NODE_REBOOTED", Severity.INFO, "m", null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("type 'NODE_REBOOTED' is not one of this recorder's event types [LINK_UP, LINK_DOWN]");
        assertThatThrownBy(() -> recorder.event(null, Severity.INFO, "m", null))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> recorder.event("LINK_UP", null, "m", null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("severity is null (expected one of info, warn, critical, debug)");
        assertThatThrownBy(() -> recorder.event("LINK_UP", Severity.INFO, "  ", null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("message is blank");
    }

    @Test
    void refusesABackupDirectoryThatIsARegularFile() throws IOException {
        Path file = Files.writeString(workDir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> EventRecorder.builder(SOURCE, TYPES, "tcp://127.0.0.1:9").backupDir(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backup directory " + file + " is not a directory (a file is in the way)");
    }

    @Test
    void refusesAProxyUrlItCannotUse() {
        assertThatThrownBy(() -> EventRecorder.create(SOURCE, TYPES, "http://proxy"))
                .hasMessage("'http://proxy' is not a proxy URL (expected tcp://host:port or tls://host:port)");
        assertThatThrownBy(() -> EventRecorder.create(SOURCE, List.of(), "tcp://127.0.0.1:9012"))
                .hasMessage("the list of event types is empty");
    }

    @Test
    void closingTwiceIsHarmlessAndRecordingAfterCloseIsAnError() {
        EventRecorder recorder = recorderBuilder().build();
        recorder.close();
        recorder.close();

        assertThatThrownBy(() -> record(recorder, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the recorder for linkmgr is closed");
    }
}
