package io.venice.events.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the Venice writer treats a failing Venice: what it retries, how long it waits, and what it gives up on. */
class VeniceDeliveryIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    RunnerProcess runner(VeniceHttpServer venice) {
        return RunnerProcess.builder(workDir)
                .name("venice-delivery")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", venice.url())
                .property("writers.venice.batch-size", "1")
                .property("writers.venice.batch-interval", "100ms")
                .property("writers.venice.max-backoff", "200ms")
                .start();
    }

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    List<Path> deadLetters() throws IOException {
        Path dir = workDir.resolve("data/dead-letter/venice");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void waitsAsLongAsRetryAfterAsksBeforeSendingAgain() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(1, 429, "2");
                RunnerProcess runner = runner(venice)) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send(event("throttled"))).startsWith("{\"status\":\"ok\"");
            }

            venice.awaitEvents(1, DELIVERY);

            List<VeniceHttpServer.Request> requests = venice.requests();
            assertThat(requests).as(venice.describeRequests()).hasSize(2);
            assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                    .as("second attempt only after the 2 s Retry-After (the backoff alone would be 500 ms)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Test
    void retriesServiceUnavailableUntilVeniceTakesTheBatch() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(3, 503);
                RunnerProcess runner = runner(venice)) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.send(event("unavailable"));
            }

            venice.awaitEvents(1, DELIVERY);

            assertThat(venice.requests()).extracting(VeniceHttpServer.Request::status).containsExactly(503, 503, 503, 200);
            assertThat(deadLetters()).isEmpty();
        }
    }

    @Test
    void keepsABatchVeniceRefusesWithA400AsADeadLetterAndReplaysItOnRequest() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(1, 400);
                RunnerProcess runner = runner(venice)) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.send(event("refused"));
                Await.until(DELIVERY, () -> deadLetters().size() == 1, runner::describe);
                client.send(event("after the refusal"));
            }
            venice.awaitEvents(1, DELIVERY);

            assertThat(venice.requests()).as("a 400 is not retried").hasSize(2);
            assertThat(venice.acceptedEvents()).extracting(e -> e.get("message").asText()).containsExactly("after the refusal");
            JsonNode letter = EventJson.read(Files.readString(deadLetters().get(0), StandardCharsets.UTF_8), JsonNode.class);
            assertThat(letter.get("status").asInt()).isEqualTo(400);
            assertThat(letter.get("response").asText()).isEqualTo("{\"error\":\"stub answers 400\"}");
            assertThat(letter.get("batch").get("items").get(0).get("message").asText()).isEqualTo("refused");
            assertThat(runner.log()).contains("ERROR").contains("Venice refused a batch with HTTP 400");

            try (RunnerProcess replay = RunnerProcess.builder(workDir)
                    .name("replay-dead-letters")
                    .withoutTestDefaults()
                    .property("data.dir", workDir.resolve("data").toString())
                    .property("writers.venice.url", venice.url())
                    .arguments("replay-dead-letters", "--writer", "venice")
                    .start()) {
                assertThat(replay.awaitExit(STARTUP)).as(replay.log()).isZero();
                assertThat(replay.log()).contains("replayed 1 of 1 dead letters to " + venice.url());
            }
            assertThat(venice.acceptedEvents()).extracting(e -> e.get("message").asText())
                    .containsExactly("after the refusal", "refused");
            assertThat(deadLetters()).isEmpty();
        }
    }
}
