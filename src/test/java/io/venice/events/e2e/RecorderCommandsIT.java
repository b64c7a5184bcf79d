package io.venice.events.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.venice.events.testing.Await;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code record} and {@code load} commands of the jar, against the runner as a child process. */
class RecorderCommandsIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    RunnerProcess tool(String name, String... arguments) {
        return RunnerProcess.builder(workDir).name(name).withoutTestDefaults().arguments(arguments).start();
    }

    static List<String> lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void recordSaysAcknowledgedAndTheEventReachesTheRunnersFile() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("record-runner").start()) {
            runner.awaitReady(STARTUP);
            try (RunnerProcess record = tool("record", "record", "--proxy", "tcp://127.0.0.1:" + runner.port(),
                    "--component", "linkmgr", "--node", "leaf1", "--type", "LINK_DOWN", "--severity", "warn",
                    "--message", "port eth1 down", "--object-kind", "Port", "--object-name", "eth1",
                    "--backup-dir", workDir.resolve("backup").toString())) {
                assertThat(record.awaitExit(EXIT)).as(record.log()).isZero();
                assertThat(record.log()).containsPattern("acknowledged [0-9a-f-]{36}");
            }
            Await.until(Duration.ofSeconds(10), () -> runner.writtenEvents().size() == 1, runner::describe);
            assertThat(runner.writtenEvents().get(0).get("object-ref").get("name").asText()).isEqualTo("eth1");
        }
    }

    @Test
    void recordWithoutAProxyBacksTheEventUpAndTheNextRecordDeliversBoth() throws Exception {
        int port = RunnerProcess.freePort();
        Path backup = workDir.resolve("backup");
        String[] first = {"record", "--proxy", "tcp://127.0.0.1:" + port, "--component", "linkmgr", "--type", "LINK_DOWN",
            "--severity", "warn", "--message", "port eth1 down", "--backup-dir", backup.toString()};
        try (RunnerProcess record = tool("record-no-proxy", first)) {
            assertThat(record.awaitExit(EXIT)).as(record.log()).isZero();
            assertThat(record.log()).containsPattern("backed up [0-9a-f-]{36} \\(proxy unavailable: ");
        }
        assertThat(lines(backup)).hasSize(1).allSatisfy(line -> assertThat(line).contains("\"message\":\"port eth1 down\""));

        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("late-runner").property("proxy.port", port).start()) {
            runner.awaitReady(STARTUP);
            String[] second = first.clone();
            second[10] = "port eth2 down";
            try (RunnerProcess record = tool("record-after", second)) {
                assertThat(record.awaitExit(EXIT)).as(record.log()).isZero();
            }
            Await.until(Duration.ofSeconds(10), () -> runner.writtenEvents().size() == 2, runner::describe);
            assertThat(runner.writtenEvents()).extracting(e -> e.get("message").asText())
                    .containsExactly("port eth1 down", "port eth2 down");
        }
        assertThat(lines(backup)).isEmpty();
    }

    @Test
    void recordRefusesBadInputWithExit2AndTheReason() {
        try (RunnerProcess record = tool("record-bad-severity", "record", "--component", "c", "--type", "LINK_UP",
                "--severity", "loud", "--message", "m")) {
            assertThat(record.awaitExit(EXIT)).isEqualTo(2);
            assertThat(record.log()).contains("Invalid value for option '--severity': 'loud' is not a severity "
                    + "(expected one of info, warn, critical, debug)");
        }
        try (RunnerProcess record = tool("record-blank-message", "record", "--component", "c", "--type", "LINK_UP",
                "--severity", "info", "--message", " ", "--proxy", "tcp://127.0.0.1:1",
                "--backup-dir", workDir.resolve("b").toString())) {
            assertThat(record.awaitExit(EXIT)).isEqualTo(2);
            assertThat(record.log()).contains("venice-events: message is blank");
        }
        try (RunnerProcess record = tool("record-bad-proxy", "record", "--component", "c", "--type", "LINK_UP",
                "--severity", "info", "--message", "m", "--proxy", "http://x")) {
            assertThat(record.awaitExit(EXIT)).isEqualTo(2);
            assertThat(record.log()).contains("venice-events: 'http://x' is not a proxy URL (expected tcp://host:port or tls://host:port)");
        }
    }

    @Test
    void loadRecordsTheRequestedEventsAndReportsWhatTheProxyTook() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("load-runner").start()) {
            runner.awaitReady(STARTUP);
            try (RunnerProcess load = tool("load", "load", "--proxy", "tcp://127.0.0.1:" + runner.port(),
                    "--rate", "2000", "--total", "400", "--connections", "4", "--dup-ratio", "0.1",
                    "--message-substring", "load-it", "--backup-dir", workDir.resolve("load-backup").toString())) {
                assertThat(load.awaitExit(EXIT)).as(load.log()).isZero();
                assertThat(load.log()).containsPattern("sent 400, acknowledged 400, backed up 0, rejected 0 in [0-9.]+ s: [0-9]+ events/s");
            }
        }
    }

    @Test
    void loadShowsItsProgressEverySecondOnStderrAndSaysWhenItMissedItsRate() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("load-progress-runner").start()) {
            runner.awaitReady(STARTUP);
            // 300 events at 100/s: 3 s, so at least two progress lines
            try (RunnerProcess load = tool("load-progress", "load", "--proxy", "tcp://127.0.0.1:" + runner.port(),
                    "--rate", "100", "--total", "300", "--connections", "2",
                    "--backup-dir", workDir.resolve("progress-backup").toString())) {
                assertThat(load.awaitExit(EXIT)).as(load.log()).isZero();
                List<String> progress = load.log().lines().filter(line -> line.startsWith("load: sent ")).toList();
                assertThat(progress).as(load.log()).hasSizeGreaterThanOrEqualTo(2)
                        .allSatisfy(line -> assertThat(line).matches(
                                "load: sent \\d+ of 300, acknowledged \\d+, backed up 0, rejected 0; \\d+ events/s"));
                assertThat(load.log()).doesNotContain("not the 100 asked");
            }
            // one connection waiting for each acknowledgement cannot record a million events a second
            try (RunnerProcess load = tool("load-missed-rate", "load", "--proxy", "tcp://127.0.0.1:" + runner.port(),
                    "--rate", "1000000", "--total", "2000", "--connections", "1",
                    "--backup-dir", workDir.resolve("missed-backup").toString())) {
                assertThat(load.awaitExit(EXIT)).as("missing the rate is said, not failed: " + load.log()).isZero();
                assertThat(load.log()).containsPattern("sent 2000, acknowledged 2000, backed up 0, rejected 0 in [0-9.]+ s")
                        .containsPattern("venice-events: reached [0-9]+ events/s, not the 1000000 asked \\(--rate\\): "
                                + "the proxy's acknowledgements or this machine were too slow");
            }
        }
    }

    @Test
    void loadRefusesImpossibleSettingsAllAtOnce() {
        try (RunnerProcess load = tool("load-bad", "load", "--rate", "0", "--dup-ratio", "2")) {
            assertThat(load.awaitExit(EXIT)).isEqualTo(2);
            assertThat(load.log()).contains("venice-events: --rate must be 1 or more, got 0; --dup-ratio must be 0..1, got 2.0");
        }
    }
}
