package io.venice.events.writers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrator's worked example: a destination added in YAML and nothing else, a branch of the fan-out's
 * multicast (docs/examples/audit-log-branch.yaml, put into routes/dispatcher.yaml) and a route reading the log it
 * fills (docs/examples/audit-log.yaml, dropped into the routes folder). It gets every event the pipeline takes,
 * from its own log of the event store, with a reader (and an offset file) of its own.
 */
class AddDestinationRouteTest {

    static final Path EXAMPLE = Path.of("docs/examples/audit-log.yaml");
    static final Path BRANCH = Path.of("docs/examples/audit-log-branch.yaml");
    /** Where the branch goes: the first line of the multicast's branches. */
    static final String MULTICAST = "        - multicast:\n            stopOnException: true\n            steps:\n";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    @TempDir
    Path routes;
    PipelineHarness pipeline;
    Level auditLevel;

    @BeforeEach
    void auditAtInfo() {
        auditLevel = LogManager.getLogger("audit").getLevel();
        Configurator.setLevel("audit", Level.INFO); // the tests log warnings only; an operator would see these lines
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        Configurator.setLevel("audit", auditLevel);
    }

    @Test
    void deliversEveryEventToADestinationAddedAsABranchOfTheMulticastAndARouteReadingItsLog() throws Exception {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path route : shipped.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
        }
        Files.copy(EXAMPLE, routes.resolve(EXAMPLE.getFileName()));
        String dispatcher = Files.readString(routes.resolve("dispatcher.yaml"));
        assertThat(dispatcher).as("the fan-out's multicast, where the README says to add the branch").contains(MULTICAST);
        Files.writeString(routes.resolve("dispatcher.yaml"), dispatcher.replace(MULTICAST,
                MULTICAST + Files.readString(BRANCH)));

        try (LogCapture log = LogCapture.start()) {
            pipeline = PipelineHarness.builder(dataDir).routes(routes).start();
            assertThat(pipeline.context().getRoute("writer-audit")).as("the example's route runs").isNotNull();
            Path offset = dataDir.resolve("store/offsets/audit.offset");
            assertThat(offset).as("its reader's offset, from the start").exists();
            long startedAt = Long.parseLong(Files.readString(offset).trim());
            NotifyBuilder audited = new NotifyBuilder(pipeline.context()).fromRoute("writer-audit").whenCompleted(1)
                    .create();

            List<String> uuids = new ArrayList<>();
            try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
                for (int i = 0; i < 5; i++) {
                    uuids.add(EventJson.read(client.send(Events.linkDownLine("eth" + i)),
                            JsonNode.class).get("uuid").asText());
                }
            }

            assertThat(audited.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Await.until(WAIT, () -> uuids.stream().allMatch(uuid -> auditLines(log, uuid) == 1),
                    () -> "one audit line per event: " + log.lines());
            Await.until(WAIT, () -> Long.parseLong(Files.readString(offset).trim()) == storeEnd(),
                    () -> "the audit reader's offset moves to the end of the store");
            assertThat(Long.parseLong(Files.readString(offset).trim())).isGreaterThan(startedAt);

            // its gauges and its /status line come with its reader, and go with it
            Await.until(WAIT, () -> Metrics.scrape(pipeline.managementPort())
                    .get("venice_events_lag_events{writer=\"audit\"}") == 0.0, () -> "the audit reader's lag gauge");
            assertThat(Metrics.scrape(pipeline.managementPort()))
                    .containsEntry("venice_events_lag_bytes{writer=\"audit\"}", 0.0)
                    .containsEntry("venice_events_dead_letters{writer=\"audit\"}", 0.0);
            assertThat(writerStatus("audit").path("state").asText()).isEqualTo("up");
            pipeline.context().getRouteController().stopRoute("writer-audit");
            assertThat(Metrics.scrape(pipeline.managementPort())).doesNotContainKey("venice_events_lag_events{writer=\"audit\"}");
            assertThat(writerStatus("audit").path("state").asText()).isEqualTo("stopped");
        }
    }

    /** The writer's entry in the management server's GET /status. */
    JsonNode writerStatus(String name) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + pipeline.managementPort()
                        + "/status")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        for (JsonNode writer : EventJson.read(response.body(), JsonNode.class).path("writers")) {
            if (name.equals(writer.path("name").asText())) {
                return writer;
            }
        }
        throw new AssertionError("no writer " + name + " in " + response.body());
    }

    static long auditLines(LogCapture log, String uuid) {
        return log.lines().stream().filter(line -> line.startsWith("INFO Exchange[") && line.contains(uuid)).count();
    }

    /** Where the audit log ends: the bytes of its segments (none trimmed in this test). */
    long storeEnd() throws IOException {
        try (Stream<Path> segments = Files.list(dataDir.resolve("store/logs/audit"))) {
            long end = 0;
            for (Path segment : segments.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                String name = segment.getFileName().toString();
                end = Math.max(end, Long.parseLong(name.substring("segment-".length(), name.length() - ".jsonl".length()))
                        + Files.size(segment));
            }
            return end;
        }
    }

    @Test
    void theReadmeShowsTheExampleAsItIs() throws IOException {
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);

        String branch = Files.readString(BRANCH, StandardCharsets.UTF_8);

        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .as("README.md shows docs/examples/audit-log.yaml verbatim").contains(example)
                .as("and the branch, as it goes into the multicast").contains(MULTICAST + branch);
    }
}
