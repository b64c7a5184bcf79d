package io.venice.events.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Await;
import io.venice.events.testing.DeliveryLedger;
import io.venice.events.testing.DeliveryLedger.Delivery;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.SteadySender;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery contract (README, "Guarantees") under failures, end to end: the packaged runner as a child
 * process, a client that keeps sending while something breaks, and the real destinations.
 * <p>
 * The contract: for every enabled writer, once the failure is over and the pipeline has drained, for each event
 * uuid delivered the highest {@code count} delivered equals the occurrences the proxy acknowledged for it, and
 * the sum over uuids equals the events acknowledged. Duplicates are allowed; a lost occurrence, an inflated count
 * or an event that never arrives is not. {@link DeliveryLedger} checks it from what the client was told
 * ({@code "status":"ok"} per event, by message) and what each destination received; {@link SteadySender} is the
 * client: 30 messages with repeats (so dedup counts matter), one line at a time every few milliseconds, each line
 * with its own uuid and sent again, unchanged, until acknowledged.
 * <p>
 * Every runner has short intervals (flush 200 ms, Venice batches every 100 ms, backoff at most 200 ms), so each
 * test takes seconds. A Venice refusal (HTTP 400) kept as a dead letter and sent again by
 * {@code replay-dead-letters} is covered by {@link VeniceDeliveryIT}.
 */
class DeliveryGuaranteesIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    /** Longest a sender may take to get its events acknowledged, failure included. */
    static final Duration SENDING = Duration.ofSeconds(60);
    /** Longest the destinations may take to receive everything once the failure is over. */
    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    final DeliveryLedger ledger = new DeliveryLedger();
    /** Fixed for the test, so a runner started again gets the same ports (the sender keeps its address). */
    int proxyPort;
    int managementPort;

    @BeforeEach
    void choosePorts() {
        proxyPort = RunnerProcess.freePort();
        managementPort = RunnerProcess.freePort();
    }

    /** The runner of every test: file writer on (the default), Venice writer on, short intervals. */
    RunnerProcess.Builder runner(String name, VeniceHttpServer venice) {
        return RunnerProcess.builder(workDir)
                .name(name)
                .property("proxy.port", proxyPort)
                .property("management.port", managementPort)
                .property("dispatcher.flush-interval", "200ms")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", venice.url())
                .property("writers.venice.batch-size", "50")
                .property("writers.venice.batch-interval", "100ms")
                .property("writers.venice.max-backoff", "200ms");
    }

    SteadySender.Builder sender(String label) {
        return SteadySender.to(proxyPort, ledger).label(label).giveUpAfter(SENDING);
    }

    // --- What each destination received ---------------------------------------------------------------

    static Supplier<List<Delivery>> venice(VeniceHttpServer venice) {
        return () -> venice.acceptedEvents().stream().map(Delivery::of).toList();
    }

    /** The events files in the runner's data dir: every run with that data dir wrote to them. */
    static Supplier<List<Delivery>> file(RunnerProcess runner) {
        return () -> runner.writtenEvents().stream().map(Delivery::of).toList();
    }

    static Supplier<List<Delivery>> syslog(RsyslogServer rsyslog) {
        return () -> rsyslog.messages().stream().map(Delivery::of).toList();
    }

    /** The client was never told an event was bad: every reply was "ok", or "retry" and then "ok". */
    static void assertNoEventRefused(SteadySender sender) {
        assertThat(sender.errors()).as(sender.describe()).isEmpty();
    }

    int readinessStatus() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static Set<String> uuidsOf(List<Delivery> delivered, String message) {
        return delivered.stream().filter(d -> d.message().equals(message)).map(Delivery::uuid)
                .collect(Collectors.toSet());
    }

    /** The sender is through, nothing was refused, and Venice and the file writer each got what was acknowledged. */
    void assertContractForVeniceAndFile(SteadySender sender, VeniceHttpServer venice, RunnerProcess runner)
            throws Exception {
        sender.awaitDone(SENDING);
        assertNoEventRefused(sender);
        ledger.awaitContract("venice", DELIVERY, venice(venice));
        ledger.awaitContract("file", DELIVERY, file(runner));
    }

    // --- 1. Venice down -------------------------------------------------------------------------------

    @Test
    void veniceDownForAFewSecondsWhileEventsKeepComingMissesNothingOnceItIsBack() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                RunnerProcess runner = runner("venice-down", venice).start().awaitReady(STARTUP);
                SteadySender sender = sender("venice-down").events(2000).start()) {
            sender.awaitAcknowledged(300, SENDING);
            venice.stop();
            int atStop = sender.acknowledged();
            Await.until(SENDING, () -> readinessStatus() == 503,
                    () -> "readiness DOWN while Venice refuses connections\n" + runner.describe());
            sender.awaitAcknowledged(atStop + 1000, SENDING); // a few seconds of events while Venice is away
            venice.restart();

            assertContractForVeniceAndFile(sender, venice, runner);
        }
    }

    // --- 2. Venice failing ----------------------------------------------------------------------------

    @Test
    void veniceAnswering500Then503Then429WithRetryAfterMissesNothingOnceItRecovers() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                RunnerProcess runner = runner("venice-failing", venice).start().awaitReady(STARTUP);
                SteadySender sender = sender("venice-failing").events(2000).start()) {
            sender.awaitAcknowledged(200, SENDING);
            venice.failAll(500);
            Await.until(SENDING, () -> venice.requestsAnswered(500) >= 3, venice::describeRequests);
            venice.failAll(503);
            Await.until(SENDING, () -> venice.requestsAnswered(503) >= 3, venice::describeRequests);
            venice.failAll(429, "1");
            Await.until(SENDING, () -> venice.requestsAnswered(429) >= 2, venice::describeRequests);
            venice.recover();

            assertContractForVeniceAndFile(sender, venice, runner);
        }
    }

    // --- 3. Graceful stop and start -------------------------------------------------------------------

    @Test
    void aGracefulStopMidStreamAndAStartWithTheSameDataDirMissNothingAcrossBothRuns() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                SteadySender sender = sender("graceful").events(2000).start()) {
            int atStop;
            try (RunnerProcess first = runner("graceful-1", venice).start().awaitReady(STARTUP)) {
                sender.awaitAcknowledged(500, SENDING);
                first.stop();
                atStop = sender.acknowledged();
            }
            try (RunnerProcess second = runner("graceful-2", venice).start().awaitReady(STARTUP)) {
                sender.awaitDone(SENDING);
                assertThat(sender.acknowledged()).as("events acknowledged by the second run too; " + sender.describe())
                        .isGreaterThan(atStop);
                assertThat(sender.reconnects()).as(sender.describe()).isPositive();
                assertNoEventRefused(sender);
                ledger.awaitContract("venice", DELIVERY, venice(venice));
                ledger.awaitContract("file", DELIVERY, file(second));
            }
        }
    }

    // --- 4. SIGKILL and start -------------------------------------------------------------------------

    @Test
    void aSigkillMidStreamLosesNothingAndASeriesCountGoesOnUnderItsUuidAfterTheRestart() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                SteadySender sender = sender("sigkill").events(2000).start()) {
            String series = sender.messages().get(0); // the most frequent message: repeated before and after
            int seriesBeforeKill;
            try (RunnerProcess first = runner("sigkill-1", venice).start().awaitReady(STARTUP)) {
                sender.awaitAcknowledged(500, SENDING);
                Await.until(DELIVERY, () -> !uuidsOf(venice(venice).get(), series).isEmpty(),
                        () -> "the series in Venice before the kill\n" + venice.describeRequests());
                first.kill();
                seriesBeforeKill = ledger.acknowledgedOf(series);
            }
            try (RunnerProcess second = runner("sigkill-2", venice).start().awaitReady(STARTUP)) {
                sender.awaitDone(SENDING);
                assertNoEventRefused(sender);
                assertThat(ledger.acknowledgedOf(series)).as("repeats of the series after the restart; "
                        + sender.describe()).isGreaterThan(seriesBeforeKill);

                ledger.awaitContract("venice", DELIVERY, venice(venice));
                ledger.awaitContract("file", DELIVERY, file(second));

                // The store keeps every segment here (default segment size), so every dedup window is rebuilt:
                // each message is one series, under one uuid, in Venice and in the file.
                for (var writer : Map.of("venice", venice(venice), "file", file(second)).entrySet()) {
                    List<Delivery> delivered = writer.getValue().get();
                    for (String message : ledger.acknowledgedByMessage().keySet()) {
                        assertThat(uuidsOf(delivered, message))
                                .as("uuids of \"%s\" at %s: one series across the kill", message, writer.getKey())
                                .hasSize(1);
                    }
                }
                List<Delivery> seriesInVenice = venice(venice).get().stream()
                        .filter(d -> d.message().equals(series)).toList();
                assertThat(seriesInVenice.stream().mapToInt(Delivery::count).max().orElse(0))
                        .as("the series' count in Venice: every occurrence before and after the kill")
                        .isEqualTo(ledger.acknowledgedOf(series));
            }
        }
    }

    // --- 5. Syslog collector over TCP stopped and restarted -------------------------------------------

    @Test
    void aSyslogCollectorStoppedAndRestartedWhileEventsKeepComingMissesNothing() throws Exception {
        RsyslogServer.requireOrSkip();
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), RsyslogServer.Transport.TCP);
                RunnerProcess runner = RunnerProcess.builder(workDir)
                        .name("syslog-restart")
                        .property("proxy.port", proxyPort)
                        .property("management.port", managementPort)
                        .property("dispatcher.flush-interval", "200ms")
                        .property("writers.syslog.enabled", "true")
                        .property("writers.syslog.target", "tcp://127.0.0.1:" + rsyslog.address().getPort())
                        .property("writers.syslog.format", "rfc5424")
                        .property("writers.syslog.max-backoff", "200ms")
                        .property("writers.syslog.confirm-after", "1s")
                        .start()
                        .awaitReady(STARTUP);
                SteadySender sender = sender("syslog-restart").events(2000).start()) {
            sender.awaitAcknowledged(300, SENDING);
            Await.until(DELIVERY, () -> !rsyslog.messages().isEmpty(), rsyslog::diagnostics);
            rsyslog.stop();
            int atStop = sender.acknowledged();
            sender.awaitAcknowledged(atStop + 800, SENDING); // a few seconds of events while the collector is away
            rsyslog.restart();

            sender.awaitDone(SENDING);
            assertNoEventRefused(sender);
            ledger.awaitContract("syslog", DELIVERY, syslog(rsyslog));
            ledger.awaitContract("file", DELIVERY, file(runner));
        }
    }

    // --- 6. A slow writer -----------------------------------------------------------------------------

    @Test
    void aVeniceTaking100MsPerBatchSlowsNeitherTheProxyNorTheContract() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().respondAfter(Duration.ofMillis(100));
                RunnerProcess runner = runner("slow-venice", venice)
                        .property("writers.venice.batch-size", "20")
                        .start()
                        .awaitReady(STARTUP);
                SteadySender sender = sender("slow-venice")
                        .distinctMessages(50)
                        .sendFor(Duration.ofSeconds(2))
                        .pace(Duration.ofMillis(1))
                        .readTimeout(Duration.ofSeconds(1))
                        .start()) {
            sender.awaitDone(SENDING);

            assertThat(sender.unanswered()).as("every send got its reply within 1 s; " + sender.describe()).isZero();
            assertThat(sender.reconnects()).as(sender.describe()).isZero();
            assertThat(sender.retryReplies()).as(sender.describe()).isEmpty();
            assertNoEventRefused(sender);
            ledger.awaitContract("venice", DELIVERY, venice(venice));
            ledger.awaitContract("file", DELIVERY, file(runner));
        }
    }

    // --- 7. Store full: reject ------------------------------------------------------------------------

    /** A store of 64 KiB in 16 KiB segments: a few hundred events while Venice takes none. */
    RunnerProcess.Builder smallStore(String name, VeniceHttpServer venice, String whenFull) {
        return runner(name, venice)
                .property("store.max-bytes", "64k")
                .property("store.segment-bytes", "16k")
                .property("store.when-full", whenFull);
    }

    @Test
    void aFullStoreAsksSendersToRetryAndTakesTheirEventsOnceVeniceDrainedIt() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().stop(); // down from the start: nothing delivered
                RunnerProcess runner = smallStore("store-full-reject", venice, "reject").start().awaitReady(STARTUP);
                SteadySender sender = sender("store-full-reject").events(800).pace(Duration.ofMillis(1)).start()) {
            Await.until(SENDING, () -> {
                if (sender.retryReplies().size() >= 20) {
                    return true;
                }
                if (sender.isDone()) {
                    throw new AssertionError("every event was taken at once: the store never refused any; "
                            + sender.describe());
                }
                return false;
            }, () -> "refusals while the store is full; " + sender.describe() + "\n" + runner.describe());
            JsonNode refusal = JSON.readTree(sender.retryReplies().get(0));
            assertThat(refusal.path("status").asText()).as(refusal.toString()).isEqualTo("error");
            assertThat(refusal.path("error").asText()).as(refusal.toString()).startsWith("event store full: ");
            assertThat(refusal.path("retry").asBoolean()).as(refusal.toString()).isTrue();
            int acknowledgedWhileFull = sender.acknowledged();
            assertThat(acknowledgedWhileFull).as("some events fit before the store was full").isPositive();

            venice.restart();

            sender.awaitDone(SENDING);
            assertNoEventRefused(sender);
            assertThat(sender.acknowledged()).as("the refused events were taken once the store had room; "
                    + sender.describe()).isEqualTo(800 + 2);
            assertThat(sender.retryReplies()).as("every retry reply says the store is full")
                    .allSatisfy(reply -> assertThat(reply).contains("event store full"));
            ledger.awaitContract("venice", DELIVERY, venice(venice));
            ledger.awaitContract("file", DELIVERY, file(runner));
            assertThat(Metrics.scrape(managementPort))
                    .as("one store-full rejection counted per refused send")
                    .containsEntry("venice_events_rejected_total{reason=\"store_full\"}",
                            (double) sender.retryReplies().size());
        }
    }

    // --- 8. Store full: drop-oldest -------------------------------------------------------------------

    /**
     * With {@code store.when-full=drop-oldest} the runner chooses to lose the oldest events rather than refuse
     * new ones, so the exact contract cannot hold for a writer that was behind: an occurrence dropped before
     * that writer read it is lost on purpose (unless a later state of its series, which counts it, survived).
     * What still holds is that a drop never inflates anything: no uuid is delivered with a higher count than
     * the occurrences acknowledged for its message, and the uuids of a message never sum to more.
     */
    @Test
    void aFullStoreThatDropsTheOldestAcknowledgesEverySendLogsAndCountsTheDropsAndNeverInflatesACount()
            throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().stop(); // down from the start: nothing delivered
                RunnerProcess runner = smallStore("store-full-drop", venice, "drop-oldest").start().awaitReady(STARTUP);
                SteadySender sender = sender("store-full-drop").events(800).pace(Duration.ofMillis(1)).start()) {
            // 800 events of about 500 bytes: the store is full many times over while Venice is away.
            sender.awaitDone(SENDING);
            assertThat(sender.retryReplies()).as("nothing is refused when the store drops instead; "
                    + sender.describe()).isEmpty();
            assertNoEventRefused(sender);
            assertThat(sender.acknowledged()).isEqualTo(800 + 2);
            Await.until(DELIVERY, () -> runner.log().lines()
                            .anyMatch(line -> line.contains("ERROR") && line.contains("Event store full")),
                    () -> "an ERROR line \"Event store full\"\n" + runner.describe());
            Await.until(DELIVERY, () -> Metrics.total(managementPort, "venice_events_store_dropped_total") > 0,
                    () -> "venice_events_store_dropped_total > 0 on /metrics: " + Metrics.scrape(managementPort));
            Map<String, Double> metrics = Metrics.scrape(managementPort);
            assertThat(metrics.get("venice_events_dropped_total{writer=\"venice\"}"))
                    .as("Venice, behind, lost what was dropped: " + metrics).isPositive();

            venice.restart();

            // The drain marker (stored last, with a held repeat count) tells when each writer is through.
            String marker = sender.drainMarker();
            for (var writer : Map.of("venice", venice(venice), "file", file(runner)).entrySet()) {
                Await.until(DELIVERY, () -> writer.getValue().get().stream()
                                .anyMatch(d -> d.message().equals(marker) && d.count() == 2),
                        () -> "the drain marker with count 2 at " + writer.getKey() + "\n" + runner.describe());
                ledger.assertNotInflated(writer.getKey(), writer.getValue().get());
            }
        }
    }
}
