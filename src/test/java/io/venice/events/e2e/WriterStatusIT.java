package io.venice.events.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.testing.Await;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of the writers of the packaged runner: the lag gauges on {@code /metrics}, {@code GET /status}
 * and the {@code status} command, with a writer whose Venice is dead and with every writer healthy.
 */
class WriterStatusIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final Duration EXIT = Duration.ofSeconds(45);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    static double gauge(RunnerProcess runner, String series) {
        return Metrics.scrape(runner.managementPort()).getOrDefault(series, -1.0);
    }

    String status(RunnerProcess runner) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runner.managementPort() + "/status"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return response.body();
    }

    /** {@code java -jar venice-events.jar status ARGS...}: its exit status and what it printed. */
    record Run(int exit, String output) {
    }

    Run statusCommand(String name, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "status";
        System.arraycopy(args, 0, command, 1, args.length);
        try (RunnerProcess status = RunnerProcess.builder(workDir).name(name).withoutTestDefaults()
                .arguments(command).start()) {
            int exit = status.awaitExit(EXIT);
            return new Run(exit, status.log());
        }
    }

    @Test
    void aWriterPointedAtADeadVeniceLagsMoreAndMoreAndStatusNamesItStuck() throws Exception {
        int deadVenice = RunnerProcess.freePort(); // nobody listens there
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("dead-venice")
                .property("store.max-bytes", "64m")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", "http://127.0.0.1:" + deadVenice + "/events/v1/events?token=t0ken")
                .property("writers.venice.batch-interval", "100ms")
                .property("writers.venice.max-backoff", "500ms")
                .start()) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                for (int i = 1; i <= 3; i++) {
                    assertThat(client.send(event("venice is dead " + i))).startsWith("{\"status\":\"ok\"");
                }
            }
            Await.until(DELIVERY, () -> gauge(runner, "venice_events_delivered_total{writer=\"file\"}") == 3,
                    runner::describe);
            Await.until(DELIVERY, () -> gauge(runner, "venice_events_retried_total{writer=\"venice\"}") > 0,
                    runner::describe);

            Map<String, Double> first = Metrics.scrape(runner.managementPort());
            assertThat(first).containsEntry("venice_events_lag_events{writer=\"venice\"}", 3.0)
                    .containsEntry("venice_events_lag_events{writer=\"file\"}", 0.0)
                    .containsEntry("venice_events_lag_bytes{writer=\"file\"}", 0.0)
                    .containsEntry("venice_events_oldest_undelivered_seconds{writer=\"file\"}", 0.0)
                    .containsEntry("venice_events_dead_letters{writer=\"venice\"}", 0.0)
                    .containsEntry("venice_events_store_max_bytes", 64.0 * 1024 * 1024)
                    .doesNotContainKey("venice_events_lag_events{writer=\"syslog\"}"); // disabled: no reader
            assertThat(first.get("venice_events_lag_bytes{writer=\"venice\"}")).isPositive();
            assertThat(first.get("venice_events_store_bytes")).isGreaterThanOrEqualTo(
                    first.get("venice_events_lag_bytes{writer=\"venice\"}"));
            double firstAge = first.get("venice_events_oldest_undelivered_seconds{writer=\"venice\"}");

            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.send(event("venice is dead 4"));
                client.send(event("venice is dead 5"));
            }
            Await.until(DELIVERY, () -> gauge(runner, "venice_events_lag_events{writer=\"venice\"}") == 5,
                    runner::describe);
            Await.until(DELIVERY, () -> gauge(runner, "venice_events_oldest_undelivered_seconds{writer=\"venice\"}")
                    >= firstAge + 1.5, runner::describe);
            Map<String, Double> later = Metrics.scrape(runner.managementPort());
            assertThat(later.get("venice_events_lag_bytes{writer=\"venice\"}"))
                    .isGreaterThan(first.get("venice_events_lag_bytes{writer=\"venice\"}"));

            JsonNode status = EventJson.read(status(runner), JsonNode.class);
            JsonNode venice = writer(status, "venice");
            assertThat(venice.path("state").asText()).as(status.toString()).isEqualTo("retrying");
            assertThat(venice.path("events-behind").asLong()).isEqualTo(5);
            assertThat(venice.path("last-error").asText()).as(status.toString()).isNotBlank();
            assertThat(writer(status, "file").path("state").asText()).isEqualTo("up");
            assertThat(writer(status, "syslog").path("state").asText()).isEqualTo("disabled");
            assertThat(venice.path("last-error").asText()).contains("Connection refused");
            assertThat(status.toString()).as("no secret of the Venice URL").doesNotContain("t0ken");

            Run stuck = statusCommand("status-stuck", "--url", "http://127.0.0.1:" + runner.managementPort(),
                    "--stuck-after", "1s");
            assertThat(stuck.exit()).as(stuck.output()).isEqualTo(1);
            assertThat(stuck.output().lines()).as(stuck.output())
                    .anyMatch(line -> line.matches("venice +stuck +lag 5 events \\(\\d+ bytes\\), oldest [0-9.]+s, "
                            + "retrying since \\S+, last error: .*Connection refused.*"))
                    .anyMatch(line -> line.matches("file +up +lag 0 events \\(0 bytes\\), oldest 0\\.0s"))
                    .anyMatch(line -> line.matches("syslog +disabled"));
            assertThat(stuck.output()).doesNotContain("t0ken");

            Run notYet = statusCommand("status-not-yet", "--url", "http://127.0.0.1:" + runner.managementPort());
            assertThat(notYet.exit()).as("retrying for less than the default 5m: " + notYet.output()).isZero();
            assertThat(notYet.output()).contains("retrying");
        }
    }

    static JsonNode writer(JsonNode status, String name) {
        for (JsonNode writer : status.path("writers")) {
            if (name.equals(writer.path("name").asText())) {
                return writer;
            }
        }
        throw new AssertionError("no writer " + name + " in " + status);
    }

    @Test
    void withEveryWriterHealthyStatusReadTheManagementPortFromTheConfigFolderAndExits0() throws Exception {
        int managementPort = RunnerProcess.freePort();
        Path config = Files.createDirectories(workDir.resolve("ops/config"));
        Files.writeString(config.resolve("application.properties"), "management.port = " + managementPort + "\n");
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                RunnerProcess runner = RunnerProcess.builder(workDir)
                        .name("healthy")
                        .property("management.port", managementPort)
                        .property("writers.venice.enabled", "true")
                        .property("writers.venice.url", venice.url())
                        .property("writers.venice.batch-interval", "100ms")
                        .start()) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.send(event("all is well 1"));
                client.send(event("all is well 2"));
            }
            venice.awaitEvents(2, DELIVERY);
            Await.until(DELIVERY, () -> gauge(runner, "venice_events_lag_events{writer=\"venice\"}") == 0
                    && gauge(runner, "venice_events_lag_events{writer=\"file\"}") == 0, runner::describe);

            Run healthy = statusCommand("status-healthy", "--config", config.toString(), "--stuck-after", "1s");

            assertThat(healthy.exit()).as(healthy.output()).isZero();
            assertThat(healthy.output().lines()).as(healthy.output())
                    .anyMatch(line -> line.matches("file +up +lag 0 events \\(0 bytes\\), oldest 0\\.0s"))
                    .anyMatch(line -> line.matches("venice +up +lag 0 events \\(0 bytes\\), oldest 0\\.0s"))
                    .anyMatch(line -> line.matches("syslog +disabled"))
                    .anyMatch(line -> line.matches("store: \\d+ of 1073741824 bytes \\(store.max-bytes\\), \\d+ proxy connections"));
        }
    }

    @Test
    void statusSaysSoWhenNoRunnerAnswersAndRefusesAUrlThatIsNotHttp() {
        int nobody = RunnerProcess.freePort();

        Run none = statusCommand("status-nobody", "--url", "http://127.0.0.1:" + nobody);
        Run bad = statusCommand("status-bad-url", "--url", "ftp://127.0.0.1:" + nobody);

        assertThat(none.exit()).as(none.output()).isEqualTo(3);
        assertThat(none.output()).contains("venice-events: no runner answers at http://127.0.0.1:" + nobody
                + "/status (connection refused)");
        assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).contains("--url 'ftp://127.0.0.1:" + nobody + "' is not an http(s) URL with a host");
    }
}
