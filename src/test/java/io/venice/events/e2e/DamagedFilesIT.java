package io.venice.events.e2e;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.venice.events.testing.Await;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.StoredLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged runner on a store damaged while it was stopped: 64 random bytes in a segment of the file writer's
 * log, a flipped digit ({@code count} 1 → 7), the file writer's offset file replaced by the bytes
 * {@code 01 02 FF}. It starts, names
 * each damaged range by file and offset, counts it, and its file writer delivers everything else (sent again from
 * the oldest retained event, never skipped) and what comes next.
 */
class DamagedFilesIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    static String event(String port) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port " + port + " down\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"},"
                + "\"object-ref\":{\"kind\":\"Port\",\"name\":\"" + port + "\"}}";
    }

    static void send(RunnerProcess runner, int from, int to) throws Exception {
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            for (int i = from; i < to; i++) {
                assertThat(client.send(event("eth" + i))).contains("\"status\":\"ok\"");
            }
        }
    }

    List<String> messagesWritten(RunnerProcess runner) {
        return runner.writtenEvents().stream().map(e -> e.path("message").asText()).toList();
    }

    @Test
    void aDamagedSegmentAndAGarbageOffsetFileNeitherStopTheStartNorStallTheFileWriter() throws Exception {
        int proxyPort = RunnerProcess.freePort();
        int managementPort = RunnerProcess.freePort();
        Path segment;
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("before-damage").property("proxy.port", proxyPort)
                .property("management.port", managementPort).start().awaitReady(STARTUP)) {
            send(runner, 0, 40);
            Await.until(DELIVERY, () -> messagesWritten(runner).size() == 40, runner::describe);
            assertThat(runner.stop()).isEqualTo(143);
            segment = runner.dataDir().resolve("store/logs/file/segment-00000000000000000000.jsonl");
        }
        String text = Files.readString(segment, StandardCharsets.UTF_8);
        int flipped = text.indexOf("\"count\":1", text.indexOf("port eth5 down")) + "\"count\":".length();
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("7".getBytes(StandardCharsets.US_ASCII)), flipped);
            file.write(ByteBuffer.wrap(garbage), text.indexOf("port eth20 down"));
        }
        Path offsetFile = workDir.resolve("data/store/offsets/file.offset");
        Files.write(offsetFile, new byte[] {0x01, 0x02, (byte) 0xFF});
        Path eventsFile;
        try (var files = Files.list(workDir.resolve("data/events"))) {
            eventsFile = files.findFirst().orElseThrow();
        }
        Files.delete(eventsFile); // what the file writer sends again is all the file then holds

        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("after-damage").property("proxy.port", proxyPort)
                .property("management.port", managementPort).start().awaitReady(STARTUP)) {
            send(runner, 40, 45);

            Await.until(DELIVERY, () -> messagesWritten(runner).contains("port eth44 down"), runner::describe);
            List<String> written = messagesWritten(runner);
            assertThat(written).as("everything but the damaged lines, sent again, then the new events")
                    .contains("port eth0 down", "port eth39 down", "port eth40 down", "port eth44 down")
                    .doesNotContain("port eth5 down").hasSizeBetween(40, 43);
            assertThat(Metrics.total(managementPort, "venice_events_store_corrupt_total")).isBetween(2.0, 4.0);
            String log = runner.log();
            assertThat(log).contains("damaged line", segment.toString(), "at offset " + (text.lastIndexOf('\n',
                    text.indexOf("port eth5 down")) + 1));
            assertThat(log).contains("Writer file: its offset file " + offsetFile + " does not hold an offset",
                    "'\\x01\\x02\\xFF'", "starts from the oldest event the store holds, offset 0");
            assertThat(StoredLines.segments(runner.dataDir().resolve("store"))).isNotEmpty();
        }
    }
}
