package io.venice.events.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.venice.events.testing.Await;
import io.venice.events.testing.DeliveryLedger;
import io.venice.events.testing.DeliveryLedger.Delivery;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.SteadySender;
import io.venice.events.testing.StoredLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk, for real: the runner's {@code data.dir} is a small tmpfs, and its file writer's folder
 * ({@code data.dir/events}) another, each filled up while a client keeps sending, then freed: first the file
 * writer's (the store goes on taking events, the file writer's appends fail halfway), then the store's (the
 * senders are told to retry). Every acknowledged event reaches the file writer exactly once, no segment line and
 * no line of the events file is garbled, the log says it once per episode, and the runner starts again on the
 * same data.
 * <p>
 * Needs root (to mount the tmpfs): skipped without it on a workstation, failed on CI ({@code CI} set).
 */
class DiskFullIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration SENDING = Duration.ofSeconds(90);
    /** The dispatcher retries a released count with a backoff of up to 30 s. */
    static final Duration DELIVERY = Duration.ofSeconds(60);
    /** Small enough to fill in a moment, large enough for the runner's first segment and day file. */
    static final String TMPFS_SIZE = "6m";

    @TempDir
    Path workDir;
    Path dataDir;
    Path eventsDir;
    boolean mounted;
    final DeliveryLedger ledger = new DeliveryLedger();

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        dataDir = Files.createDirectories(workDir.resolve("data"));
        String root = run("id", "-u").trim();
        if (!"0".equals(root)) {
            String why = "DiskFullIT mounts a " + TMPFS_SIZE + " tmpfs as data.dir and needs root (id -u: " + root + ")";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + "; CI runs as root, see .ci/run");
            }
            Assumptions.assumeTrue(false, why);
        }
        run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", dataDir.toString());
        mounted = true;
        eventsDir = Files.createDirectories(dataDir.resolve("events"));
        run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", eventsDir.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", eventsDir.toString());
            run("umount", "-l", dataDir.toString());
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    RunnerProcess.Builder runner(String name, int proxyPort, int managementPort) {
        return RunnerProcess.builder(workDir).name(name)
                .property("proxy.port", proxyPort)
                .property("management.port", managementPort)
                .property("dispatcher.flush-interval", "200ms")
                .property("store.segment-bytes", "1m");
    }

    /** Writes a file in {@code dir} until its filesystem is full; returns it (delete it to free the space). */
    static Path fillUp(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).as("the tmpfs is full").contains("No space left on device");
        }
        return filler;
    }

    @Test
    void aFullDiskAsksSendersToRetryLeavesNoPartialLineAndDeliversEveryEventOnceWhenSpaceReturns() throws Exception {
        int proxyPort = RunnerProcess.freePort();
        int managementPort = RunnerProcess.freePort();
        try (RunnerProcess runner = runner("disk-full", proxyPort, managementPort).start().awaitReady(STARTUP);
                SteadySender sender = SteadySender.to(proxyPort, ledger).label("disk-full").events(3000)
                        .pace(Duration.ofMillis(1)).giveUpAfter(SENDING).start()) {
            sender.awaitAcknowledged(300, SENDING);
            Path eventsFiller = fillUp(eventsDir);
            int acknowledged = sender.acknowledged();
            Await.until(SENDING, () -> runner.log().contains("File writer: cannot append")
                            && sender.acknowledged() > acknowledged + 300,
                    () -> "the file writer meets its full disk, the store goes on\n" + runner.describe());
            Files.delete(eventsFiller);
            Await.until(SENDING, () -> runner.log().contains("File writer: appending to"),
                    () -> "the file writer appends again once there is room\n" + runner.describe());

            Path storeFiller = fillUp(dataDir);
            Await.until(SENDING, () -> sender.retryReplies().size() >= 20,
                    () -> "retry replies while the disk is full; " + sender.describe() + "\n" + runner.describe());
            assertThat(sender.retryReplies()).as("what a sender is told while the disk is full")
                    .allSatisfy(reply -> assertThat(reply).contains("\"retry\":true"));
            Files.delete(storeFiller);

            sender.awaitDone(SENDING);
            assertThat(sender.errors()).as(sender.describe()).isEmpty();
            ledger.awaitContract("file", DELIVERY, () -> runner.writtenEvents().stream().map(Delivery::of).toList());
            assertDeliveredOnce(runner.writtenEvents().stream().map(Delivery::of).toList());
            assertWholeLines(runner);
            String log = runner.log();
            assertThat(log).as("one line when appends work again").contains("Event store: appending to");
            assertThat(log.lines().filter(l -> l.contains("Event store: cannot append to")).count())
                    .as("the store's refusals: one ERROR per episode, not one per append").isBetween(1L, 3L);
            assertThat(log.lines().filter(l -> l.contains("File writer: cannot append")).count())
                    .as("the file writer's failures: one ERROR per episode").isBetween(1L, 3L);
            assertThat(log.lines().filter(l -> l.contains("No space left on device")).count())
                    .as("no log line per refused append or attempt").isLessThan(40L);

            assertThat(runner.stop()).isEqualTo(143);
        }
        try (RunnerProcess again = runner("disk-full-restart", proxyPort, managementPort).start().awaitReady(STARTUP)) {
            assertThat(Metrics.total(managementPort, "venice_events_store_corrupt_total")).as("nothing damaged")
                    .isZero();
            assertThat(again.log()).doesNotContain("damaged line");
            assertDeliveredOnce(again.writtenEvents().stream().map(Delivery::of).toList());
        }
    }

    /** No (uuid, count) in the events file twice: every batch appended once. */
    static void assertDeliveredOnce(List<Delivery> delivered) {
        Set<Delivery> seen = new HashSet<>();
        assertThat(delivered).as("each state delivered once").allSatisfy(d -> assertThat(seen.add(d)).as(d.toString())
                .isTrue());
    }

    /** Every segment line checks (StoredLines throws on a wrong checksum or JSON) and every file ends its last line. */
    void assertWholeLines(RunnerProcess runner) throws IOException {
        assertThat(StoredLines.in(dataDir.resolve("store"))).isNotEmpty();
        for (Path file : runner.eventFiles()) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes[bytes.length - 1]).as(file + " ends with a whole line").isEqualTo((byte) '\n');
        }
        assertThat(runner.writtenEvents()).as("every line of the events file is JSON").isNotEmpty();
    }
}
