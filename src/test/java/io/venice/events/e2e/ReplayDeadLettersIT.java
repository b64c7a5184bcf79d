package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay-dead-letters} as an operator runs it after fixing a refusal: the configuration read as {@code run}
 * reads it ({@code --config}, JVM {@code -D}, environment), {@code --list} and {@code --dry-run}.
 */
class ReplayDeadLettersIT {

    private static final Duration EXIT = Duration.ofSeconds(45);

    @TempDir
    Path workDir;

    Path veniceLetter;
    Path syslogLetter;

    @BeforeEach
    void deadLetters() throws IOException {
        Path data = workDir.resolve("data/dead-letter");
        veniceLetter = letter(data, "venice", "venice-20261201T100000000-000001.json", 400,
                "{\"error\":\"severity: not allowed\"}", Instant.now().minus(Duration.ofHours(3)), 2);
        syslogLetter = letter(data, "syslog", "syslog-20261201T110000000-000002.json", 0,
                "cannot format: message too large", Instant.now().minus(Duration.ofMinutes(5)), 1);
    }

    @Test
    void listShowsEveryWritersDeadLettersOneLineEachAndSendsNothing() {
        try (RunnerProcess list = tool("replay-list", "replay-dead-letters", "--list").start()) {
            assertThat(list.awaitExit(EXIT)).as(list.log()).isZero();
            List<String> lines = list.log().lines().toList();

            assertThat(lines).as(list.log()).containsExactly(
                    "syslog  " + syslogLetter + "  1 event  failed 5m ago  cannot format: message too large",
                    "venice  " + veniceLetter + "  2 events  failed 3h ago  HTTP 400: {\"error\":\"severity: not allowed\"}");
            assertThat(veniceLetter).exists();
            assertThat(syslogLetter).exists();
        }
    }

    @Test
    void dryRunSaysWhatItWouldSendToTheUrlOfTheJvmPropertyOverTheConfigFolderAndSendsNothing() throws IOException {
        try (VeniceHttpServer venice = VeniceHttpServer.start()) {
            Path config = Files.createDirectories(workDir.resolve("config"));
            Files.writeString(config.resolve("application.properties"),
                    "writers.venice.url = http://127.0.0.1:9/from-the-config-folder\n");
            try (RunnerProcess dryRun = tool("replay-dry-run", "replay-dead-letters", "--writer", "venice", "--dry-run",
                    "--config", config.toString()).property("writers.venice.url", venice.url()).start()) {
                assertThat(dryRun.awaitExit(EXIT)).as(dryRun.log()).isZero();
                assertThat(dryRun.log().lines().toList()).as(dryRun.log()).containsExactly(
                        "would send " + veniceLetter + " (2 events) to " + venice.url(),
                        "dry run: would replay 1 dead letters to " + venice.url() + "; nothing sent, nothing deleted");
            }
            assertThat(venice.requests()).isEmpty();
            assertThat(veniceLetter).exists();
        }
    }

    @Test
    void replaySendsToTheUrlOfTheEnvironmentVariableAsRunWouldAndDeletesWhatVeniceTook() {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
             RunnerProcess replay = tool("replay-env", "replay-dead-letters", "--writer", "venice")
                     .env("WRITERS_VENICE_URL", venice.url()).start()) {
            assertThat(replay.awaitExit(EXIT)).as(replay.log()).isZero();
            assertThat(replay.log()).contains("replayed 1 of 1 dead letters to " + venice.url());
            assertThat(venice.acceptedEvents()).extracting(e -> e.get("message").asText()).containsExactly("one", "two");
            assertThat(veniceLetter).doesNotExist();
            assertThat(syslogLetter).as("another writer's").exists();
        }
    }

    @Test
    void aMisspeltKeyStopsTheReplayBeforeAnythingIsSent() {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
             RunnerProcess replay = tool("replay-misspelt", "replay-dead-letters", "--writer", "venice")
                     .property("writers.venice.ulr", venice.url()).start()) {
            assertThat(replay.awaitExit(EXIT)).as(replay.log()).isEqualTo(2);
            assertThat(replay.log()).contains("invalid configuration (1 problem)")
                    .contains("writers.venice.ulr: not a venice-events key; did you mean writers.venice.url?")
                    .doesNotContain("replayed");
            assertThat(venice.requests()).isEmpty();
            assertThat(veniceLetter).exists();
        }
    }

    @Test
    void withoutWriterOnlyTheListIsPossible() {
        try (RunnerProcess replay = tool("replay-no-writer", "replay-dead-letters").start()) {
            assertThat(replay.awaitExit(EXIT)).as(replay.log()).isEqualTo(2);
            assertThat(replay.log()).contains("venice-events: --writer venice is required to send dead letters again");
        }
    }

    /** The tool run in the work directory, its data.dir the work directory's data/ (no -D of the test's). */
    private RunnerProcess.Builder tool(String name, String... arguments) {
        return RunnerProcess.builder(workDir).name(name).withoutTestDefaults()
                .env("DATA_DIR", workDir.resolve("data")).arguments(arguments);
    }

    /** A dead letter as the writers keep one ({@code DeadLetters}): writer, status, response, failed-at, batch. */
    private static Path letter(Path root, String writer, String name, int status, String response, Instant failedAt,
                               int events) throws IOException {
        StringBuilder items = new StringBuilder();
        String[] messages = {"one", "two"};
        for (int i = 0; i < events; i++) {
            items.append(i == 0 ? "" : ",").append("{\"kind\":\"Event\",\"meta\":{\"uuid\":\"00000000-0000-0000-0000-00000000000")
                    .append(i).append("\"},\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"").append(messages[i])
                    .append("\",\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"},\"count\":1}");
        }
        Path dir = Files.createDirectories(root.resolve(writer));
        return Files.writeString(dir.resolve(name), "{\"writer\":\"" + writer + "\",\"status\":" + status
                + ",\"response\":" + quote(response) + ",\"failed-at\":\"" + failedAt + "\",\"batch\":{\"kind\":\"EventList\","
                + "\"items\":[" + items + "]}}");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
