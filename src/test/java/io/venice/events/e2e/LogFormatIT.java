package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner's log as a log shipper reads it: with {@code VENICE_LOG_FORMAT=json} every line it prints,
 * from its start to its stop, is one JSON object (time, level, logger, thread, message), outside text in a
 * message included; without it, the plain lines as before.
 */
class LogFormatIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration EXIT = Duration.ofSeconds(45);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    /** The file writer's offset file holding bytes a log line must not carry raw: a newline and a terminal escape. */
    Path damagedOffsetFile() throws IOException {
        Path offsetFile = workDir.resolve("data/store/offsets/file.offset");
        Files.createDirectories(offsetFile.getParent());
        Files.createDirectories(workDir.resolve("data/store/logs/file")); // a data folder with writer logs: no upgrade
        Files.write(offsetFile, "12\n\u001b[31mERROR forged line\n".getBytes(StandardCharsets.UTF_8));
        return offsetFile;
    }

    @Test
    void withVeniceLogFormatJsonEveryLineFromStartToStopIsOneJsonObject() throws Exception {
        Path offsetFile = damagedOffsetFile();
        List<JsonNode> entries = new ArrayList<>();
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("json-log")
                .env("VENICE_LOG_FORMAT", "json").start().awaitReady(STARTUP)) {
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send(event("port eth1 down"))).contains("\"status\":\"ok\"");
            }
            Await.until(Duration.ofSeconds(30), () -> runner.writtenEvents().size() == 1, runner::describe);
            assertThat(runner.stop()).isEqualTo(143);

            List<String> lines = runner.log().lines().toList();
            assertThat(lines).as("the start, the damaged offset file and the stop were logged").hasSizeGreaterThan(10);
            for (String line : lines) {
                JsonNode entry;
                try {
                    entry = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line of the log: " + line + "\n" + runner.describe(), e);
                }
                assertThat(entry.isObject()).as(line).isTrue();
                assertThat(entry.fieldNames()).toIterable().as(line).contains("time", "level", "logger", "thread", "message");
                assertThat(entry.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                entries.add(entry);
            }
        }
        assertThat(entries).extracting(entry -> entry.get("message").asText())
                .anyMatch(message -> message.startsWith("Apache Camel (Main) 4.18.0 is starting"))
                .anyMatch(message -> message.contains("Apache Camel (Main) 4.18.0 is shutdown"));
        JsonNode damaged = entries.stream()
                .filter(entry -> entry.get("message").asText().contains("its offset file " + offsetFile))
                .findFirst().orElseThrow(() -> new AssertionError("no entry about " + offsetFile + ": " + entries));
        assertThat(damaged.get("level").asText()).isEqualTo("ERROR");
        assertThat(damaged.get("logger").asText()).isEqualTo("io.venice.events.store.WriterFeed");
        assertThat(damaged.get("message").asText()).as("the file's bytes escaped, not raw, in the message")
                .contains("does not hold an offset").doesNotContain("\n", "\u001b");
    }

    @Test
    void theLogIsPlainTextByDefault() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("plain-log").start().awaitReady(STARTUP)) {
            assertThat(runner.stop()).isEqualTo(143);

            List<String> lines = runner.log().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR|DEBUG) \\[.*\\] \\S+ - .*"));
            assertThat(lines).anyMatch(line -> line.endsWith("MainSupport - Apache Camel (Main) 4.18.0 is starting"));
        }
    }

    @Test
    void aLogFormatThatIsNeitherPlainNorJsonStopsTheStartNamingIt() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("bad-log-format")
                .property("venice.log.format", "yaml").start()) {
            int exitCode = runner.awaitExit(EXIT);

            assertThat(exitCode).as(runner.describe()).isEqualTo(2);
            assertThat(runner.log()).isEqualTo("venice-events: invalid configuration (1 problem):\n"
                    + "  venice.log.format: 'yaml' is not one of plain, json\n");
        }
    }
}
