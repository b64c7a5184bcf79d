package io.venice.events.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.venice.events.testing.Await;
import io.venice.events.testing.DeliveryLedger;
import io.venice.events.testing.DeliveryLedger.Delivery;
import io.venice.events.testing.PipeliningSender;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.venice.events.e2e.DeliveryGuaranteesIT.file;
import static io.venice.events.e2e.DeliveryGuaranteesIT.syslog;
import static io.venice.events.e2e.DeliveryGuaranteesIT.venice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery contract (README, "Guarantees") through a crash in the middle of a pipelined flood, black box:
 * the packaged runner as a child process with its three writers on (file, Venice, syslog over TCP), the real
 * peers ({@link VeniceHttpServer}, a real rsyslogd), the wire protocol and the data dir, nothing else.
 * <p>
 * {@link PipeliningSender} floods the proxy over 8 connections, each writing up to 64 lines before it reads
 * their replies: 40 messages with repeats, one line in four an EventList of 2 to 6 events, every event with a
 * uuid of its own; {@value #RATE} new events a second at most, in bursts, and flat out (as fast as the proxy
 * answers) just before the kill, so the store holds about the same whatever the runner's speed and the kill
 * finds full windows of lines in flight. While it floods, Venice answers 503 to everything three times and
 * recovers each time, the rsyslog collector is stopped and started again, and the runner is SIGKILLed (while
 * Venice is failing) and started again on the same ports and data dir. The sender sends every line not
 * acknowledged (no reply, or {@code "retry":true}) again, same uuids, until it is ("ok", a duplicate included).
 * Once the flood is over and drained, each writer must have delivered, exactly: per message (dedup key) one
 * series, under the uuid of one of its acknowledged occurrences, whose highest count is every acknowledged
 * occurrence of the message; the sums per message and over all uuids equal to what was acknowledged.
 * <p>
 * One series per message is what the runner must do here: the dedup window (10 min) outlasts the test, and
 * every series has recent states in the store, so the windows are rebuilt after the kill (README, "SIGKILL or
 * crash mid-stream"). The flood moves on by what the proxy acknowledged, never by time, so each failure falls in
 * the middle of it however fast the machine.
 */
class FloodCrashIT {

    static final Duration STARTUP = Duration.ofSeconds(30);
    /** Longest one step of the scenario may take (so many events acknowledged, so many requests failed). */
    static final Duration STEP = Duration.ofSeconds(20);
    /** Longest the destinations may take to receive everything once the flood is acknowledged. */
    static final Duration DELIVERY = Duration.ofSeconds(30);
    /** Events acknowledged between two moves of the scenario. */
    static final int EVENTS_PER_STEP = 2_000;
    /** New events a second, but for the moments before the kill. */
    static final int RATE = 5_000;
    /** 503 answers Venice gives each time it fails, at least. */
    static final int FAILED_POSTS = 3;

    @TempDir
    Path workDir;

    final DeliveryLedger ledger = new DeliveryLedger();
    final long started = System.nanoTime();

    /** The runner of both runs: same ports, same data dir ({@code workDir/data}), all three writers on. */
    RunnerProcess.Builder runner(String name, int proxyPort, int managementPort, VeniceHttpServer venice,
                                 RsyslogServer rsyslog) {
        return RunnerProcess.builder(workDir)
                .name(name)
                .property("proxy.port", proxyPort)
                .property("management.port", managementPort)
                .property("dispatcher.flush-interval", "200ms")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", venice.url())
                .property("writers.venice.batch-size", "50")
                .property("writers.venice.batch-interval", "100ms")
                .property("writers.venice.max-backoff", "200ms")
                .property("writers.syslog.enabled", "true")
                .property("writers.syslog.target", "tcp://127.0.0.1:" + rsyslog.address().getPort())
                .property("writers.syslog.format", "rfc5424")
                .property("writers.syslog.max-backoff", "200ms")
                .property("writers.syslog.confirm-after", "1s");
    }

    @Test
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void aSigkillInTheMiddleOfAPipelinedFloodWithVeniceFailingAndTheCollectorRestartedLosesAndInflatesNothing()
            throws Exception {
        RsyslogServer.requireOrSkip();
        int proxyPort = RunnerProcess.freePort();
        int managementPort = RunnerProcess.freePort();
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), RsyslogServer.Transport.TCP);
                PipeliningSender sender = PipeliningSender.to(proxyPort, ledger)
                        .label("flood")
                        .connections(8)
                        .window(64)
                        .distinctMessages(40)
                        .listEvery(4)
                        .listSize(2, 6)
                        .readTimeout(Duration.ofSeconds(10))
                        .giveUpAfter(Duration.ofSeconds(90))
                        .eventsPerSecond(RATE)
                        .maxEvents(400_000)
                        .build()) {
            long eventsAtKill;
            int inFlightAtKill;
            try (RunnerProcess first = runner("flood-1", proxyPort, managementPort, venice, rsyslog)
                    .start().awaitReady(STARTUP)) {
                sender.start();
                step(sender, "the flood under way");

                // Venice fails, and comes back, while the flood goes on.
                veniceFails(venice, sender, 1);
                veniceRecovers(venice, runnerLog(first));

                // The collector goes away and comes back.
                Await.until(STEP, () -> !rsyslog.messages().isEmpty(),
                        () -> "syslog messages at rsyslogd before it is stopped\n" + rsyslog.diagnostics());
                rsyslog.stop();
                step(sender, "events acknowledged while rsyslogd is stopped");
                rsyslog.restart();
                note("rsyslogd restarted");

                // Venice fails again, and the runner is killed while it does, in the middle of the flood flat out.
                veniceFails(venice, sender, 2);
                sender.eventsPerSecond(0);
                step(sender, "flat out");
                inFlightAtKill = sender.inFlight();
                eventsAtKill = sender.eventsGenerated();
                first.kill();
                sender.eventsPerSecond(RATE);
                note("runner SIGKILLed with " + inFlightAtKill + " lines in flight; " + sender.describe());
            }
            try (RunnerProcess second = runner("flood-2", proxyPort, managementPort, venice, rsyslog)
                    .start().awaitReady(STARTUP)) {
                note("runner started again");
                step(sender, "events acknowledged by the second run");
                veniceRecovers(venice, runnerLog(second));

                // Venice fails a third time, after the restart.
                veniceFails(venice, sender, 3);
                veniceRecovers(venice, runnerLog(second));
                step(sender, "the flood going on after Venice recovered");

                sender.finish();
                sender.awaitDone(Duration.ofSeconds(40));
                note("flood acknowledged: " + sender.describe());

                assertThat(sender.errors()).as("error replies (not retry): those events were refused; "
                        + sender.describe()).isEmpty();
                assertThat(sender.protocolErrors()).as("replies that did not match their line in order; "
                        + sender.describe()).isEmpty();
                assertThat(sender.maxInFlight()).as("the connections pipelined: many lines written before their"
                        + " replies were read; " + sender.describe()).isGreaterThan(8);
                assertThat(sender.unanswered()).as("the kill cut lines in flight, which were sent again; "
                        + sender.describe()).isPositive();
                assertThat(sender.eventsGenerated()).as("the flood went on after the restart with new events; "
                        + sender.describe()).isGreaterThan(eventsAtKill);
                assertThat(venice.requestsAnswered(503)).as("Venice failed three times\n" + venice.describeRequests())
                        .isGreaterThanOrEqualTo(3L * FAILED_POSTS);
                assertThat(ledger.acknowledgedTotal()).as("every acknowledged event is in the ledger once")
                        .isEqualTo(sender.acknowledged());

                // The drain marker, stored last with a held count, tells when a writer has read everything.
                String marker = sender.drainMarker();
                Map<String, Supplier<List<Delivery>>> writers = new LinkedHashMap<>();
                writers.put("file", file(second));
                writers.put("venice", venice(venice));
                writers.put("syslog", syslog(rsyslog));
                for (var writer : writers.entrySet()) {
                    Await.until(DELIVERY, () -> writer.getValue().get().stream()
                                    .anyMatch(d -> d.message().equals(marker) && d.count() == 2),
                            () -> "the drain marker with count 2 at " + writer.getKey() + "; "
                                    + ledger.contractBroken(writer.getKey(), writer.getValue().get())
                                            .orElse("(the contract holds without it)")
                                    + "\n" + second.describe());
                }
                for (var writer : writers.entrySet()) {
                    ledger.awaitContractPerUuid(writer.getKey(), DELIVERY, writer.getValue());
                }
                note("contract holds at file, venice and syslog: " + ledger.acknowledgedTotal() + " events of "
                        + ledger.acknowledgedByMessage().size() + " messages; " + sender.describe()
                        + "; Venice answered 503 " + venice.requestsAnswered(503) + " times");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------

    /** Waits for {@link #EVENTS_PER_STEP} more events acknowledged: the flood moved on meanwhile. */
    void step(PipeliningSender sender, String what) {
        sender.awaitAcknowledged(sender.acknowledged() + EVENTS_PER_STEP, STEP);
        note(what + " (" + sender.acknowledged() + " events acknowledged)");
    }

    /** Venice answers 503 to every POST until it answered a few, and the flood moved on meanwhile. */
    void veniceFails(VeniceHttpServer venice, PipeliningSender sender, int time) {
        long before = venice.requestsAnswered(503);
        venice.failAll(503);
        Await.until(STEP, () -> venice.requestsAnswered(503) >= before + FAILED_POSTS,
                () -> "Venice failing (" + time + "): " + FAILED_POSTS + " POSTs answered 503\n"
                        + venice.describeRequests());
        step(sender, "Venice failing (" + time + ")");
    }

    /** Venice answers 200 again, until it took a batch. */
    void veniceRecovers(VeniceHttpServer venice, Supplier<String> runner) {
        long before = venice.requestsAnswered(200);
        venice.recover();
        Await.until(STEP, () -> venice.requestsAnswered(200) > before,
                () -> "a POST taken once Venice recovered\n" + venice.describeRequests() + "\n" + runner.get());
        note("Venice recovered");
    }

    static Supplier<String> runnerLog(RunnerProcess runner) {
        return runner::describe;
    }

    /** A line on the test's output: when each move happened, for a reader of a slow or failed run. */
    void note(String what) {
        System.out.printf("FloodCrashIT %6.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
