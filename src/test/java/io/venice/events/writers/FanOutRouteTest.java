package io.venice.events.writers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out's multicast (routes/dispatcher.yaml) with a writer that hangs: the syslog writer's log fills up and
 * its branch is retried until that writer makes room, while the file writer, whose branch comes first, takes each
 * batch once (a retry goes again from the branch that failed, not from the multicast's start) and delivers.
 */
class FanOutRouteTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    PipelineHarness pipeline;
    final CountDownLatch syslogFree = new CountDownLatch(1);
    final AtomicBoolean syslogHangs = new AtomicBoolean(true);

    /** Where the syslog writer sends (UDP): bound, so no datagram is refused; nothing read. */
    final java.net.DatagramSocket collector = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());

    FanOutRouteTest() throws java.net.SocketException {
    }

    @AfterEach
    void stop() throws Exception {
        syslogFree.countDown();
        if (pipeline != null) {
            pipeline.close();
        }
        collector.close();
    }

    /** The uuids of the events the file writer wrote, in its files' order. */
    List<String> writtenUuids() {
        Path dir = dataDir.resolve("events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> uuids = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Files.readAllLines(file).forEach(line -> uuids.add(EventJson.read(line, Event.class).uuid()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return uuids;
    }

    @Test
    void aWriterWhoseLogIsFullHoldsOnlyItsOwnBranchAndTheOthersTakeEachBatchOnce() throws Exception {
        pipeline = PipelineHarness.builder(dataDir)
                .property("writers.syslog.enabled", "true")
                .property("writers.syslog.target", "udp://127.0.0.1:" + collector.getLocalPort())
                .property("store.max-bytes", "8k")
                .property("store.segment-bytes", "2k")
                .advise("writer-syslog", a -> a.weaveById("syslog-send").before().process(e -> {
                    if (syslogHangs.get()) {
                        assertThat(syslogFree.await(60, TimeUnit.SECONDS)).isTrue();
                    }
                }))
                .start();

        // fills the syslog writer's log (8k), then the intake log behind the waiting fan-out, until refused
        int taken = 0;
        while (true) {
            assertThat(taken).as("the store fills up").isLessThan(500);
            try {
                pipeline.producer().requestBody("direct:dispatcher", List.of(Events.linkDown("eth" + taken,
                        java.time.Instant.now())));
            } catch (org.apache.camel.CamelExecutionException full) {
                assertThat(full).hasRootCauseInstanceOf(io.venice.events.store.StoreFullException.class);
                break;
            }
            taken++;
        }
        int accepted = taken;
        Await.until(WAIT, () -> writtenUuids().size() >= 10, () -> "the file writer delivers while the syslog writer "
                + "hangs: " + writtenUuids().size());

        syslogHangs.set(false);
        syslogFree.countDown();
        Await.until(WAIT, () -> pipeline.delivered("syslog") && pipeline.delivered("file")
                        && writtenUuids().size() >= accepted,
                () -> "every event in the file once the syslog writer made room: " + writtenUuids().size() + " of "
                        + accepted);

        assertThat(writtenUuids()).as("each event in the file once: its log took each batch once")
                .doesNotHaveDuplicates().hasSize(accepted);
    }
}
