package io.venice.events.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management port of the packaged runner, read as Prometheus and an orchestrator would: the counters at
 * {@code /metrics} after known traffic, and readiness at {@code /health/ready} while a destination is down.
 */
class ManagementIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    HttpResponse<String> get(RunnerProcess runner, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(RunnerProcess runner, String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAnswerTextPlainAndOpenMetricsAsAPrometheusServerAsksForThem() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("metrics-negotiation").start()) {
            runner.awaitReady(STARTUP);

            HttpResponse<String> text = get(runner, "/metrics", "text/plain");
            HttpResponse<String> openMetrics = get(runner, "/metrics", "application/openmetrics-text;version=1.0.0,"
                    + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            HttpResponse<String> any = get(runner, "/metrics", "*/*");
            HttpResponse<String> json = get(runner, "/metrics", "application/json");

            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body()).contains("venice_events_received_total 0.0");
            assertThat(openMetrics.statusCode()).isEqualTo(200);
            assertThat(openMetrics.headers().firstValue("Content-Type"))
                    .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(openMetrics.body()).contains("venice_events_received_total 0.0").endsWith("# EOF\n");
            assertThat(any.statusCode()).isEqualTo(200);
            assertThat(any.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(json.statusCode()).as("a format it does not have").isEqualTo(406);
        }
    }

    /** {@code /metrics} as series name with labels, exactly as printed (e.g. {@code x_total{writer="file"}}), to value. */
    Map<String, Double> metrics(RunnerProcess runner) throws IOException, InterruptedException {
        HttpResponse<String> response = get(runner, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        Map<String, Double> series = new LinkedHashMap<>();
        response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return series;
    }

    double metric(RunnerProcess runner, String series) throws IOException, InterruptedException {
        return metrics(runner).getOrDefault(series, -1.0);
    }

    static Map<String, Double> ours(Map<String, Double> metrics) {
        Map<String, Double> ours = new LinkedHashMap<>();
        metrics.forEach((series, value) -> {
            if (series.startsWith("venice_events_")) {
                ours.put(series, value);
            }
        });
        return ours;
    }

    @Test
    void countsEveryEventReceivedRejectedDeduplicatedAndDeliveredPerWriter() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
                RunnerProcess runner = RunnerProcess.builder(workDir)
                        .name("metrics")
                        .property("proxy.max-line-bytes", "1k")
                        .property("dispatcher.flush-interval", "1h") // the repeats' update waits: counts stay exact
                        .property("writers.venice.enabled", "true")
                        .property("writers.venice.url", venice.url())
                        .property("writers.venice.batch-interval", "100ms")
                        .start()) {
            runner.awaitReady(STARTUP);

            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send(event("port eth1 down"))).startsWith("{\"status\":\"ok\"");
                assertThat(client.send(event("port eth1 down"))).startsWith("{\"status\":\"ok\"");
                assertThat(client.send(event("port eth1 down"))).startsWith("{\"status\":\"ok\"");
                assertThat(client.send("{\"kind\":\"EventList\",\"items\":[" + event("port eth2 down") + ","
                        + event("port eth3 down").replace("LINK_DOWN", "NO_SUCH_TYPE") + ","
                        + event("port eth4 down").replace("\"severity\":\"warn\",", "") + "]}"))
                        .contains("\"accepted\":1");
                assertThat(client.send("not json")).contains("malformed JSON");
                assertThat(client.send(event("x".repeat(2000)))).contains("longer than proxy.max-line-bytes");
            }
            Await.until(DELIVERY, () -> metric(runner, "venice_events_delivered_total{writer=\"venice\"}") == 2
                            && metric(runner, "venice_events_delivered_total{writer=\"file\"}") == 2,
                    () -> "2 events delivered to file and venice; " + runner.logTail(30));

            Map<String, Double> metrics = metrics(runner);
            // the gauge of open connections: the client's connection may still be closing at the scrape
            assertThat(metrics.remove("venice_events_proxy_connections")).isBetween(0.0, 1.0);
            // the gauges of the writers and the store (WriterStatusIT has them at work)
            assertThat(metrics.remove("venice_events_store_max_bytes")).isEqualTo(1024.0 * 1024 * 1024);
            assertThat(metrics.remove("venice_events_store_bytes")).isPositive();
            assertThat(metrics.keySet().removeIf(series -> series.startsWith("venice_events_lag_")
                    || series.startsWith("venice_events_oldest_undelivered_seconds{")
                    || series.startsWith("venice_events_dead_letters{"))).isTrue();

            assertThat(ours(metrics)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("venice_events_proxy_connections_refused_total", 0.0),
                    Map.entry("venice_events_proxy_http_refused_total", 0.0),
                    Map.entry("venice_events_received_total", 8.0),
                    Map.entry("venice_events_rejected_total{reason=\"malformed\"}", 1.0),
                    Map.entry("venice_events_rejected_total{reason=\"invalid\"}", 1.0),
                    Map.entry("venice_events_rejected_total{reason=\"empty\"}", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"limit\"}", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"out_of_range\"}", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"too_old\"}", 0.0),
                    Map.entry("venice_events_store_corrupt_total", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"unknown_type\"}", 1.0),
                    Map.entry("venice_events_rejected_total{reason=\"oversized\"}", 1.0),
                    Map.entry("venice_events_rejected_total{reason=\"store_full\"}", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"storing\"}", 0.0),
                    Map.entry("venice_events_rejected_total{reason=\"store_error\"}", 0.0),
                    Map.entry("venice_events_store_dropped_total", 0.0),
                    Map.entry("venice_events_deduplicated_total", 2.0),
                    Map.entry("venice_events_delivered_total{writer=\"file\"}", 2.0),
                    Map.entry("venice_events_delivered_total{writer=\"venice\"}", 2.0),
                    Map.entry("venice_events_delivered_total{writer=\"syslog\"}", 0.0),
                    Map.entry("venice_events_retried_total{writer=\"file\"}", 0.0),
                    Map.entry("venice_events_retried_total{writer=\"venice\"}", 0.0),
                    Map.entry("venice_events_retried_total{writer=\"syslog\"}", 0.0),
                    Map.entry("venice_events_dead_lettered_total{writer=\"file\"}", 0.0),
                    Map.entry("venice_events_dead_lettered_total{writer=\"venice\"}", 0.0),
                    Map.entry("venice_events_dead_lettered_total{writer=\"syslog\"}", 0.0),
                    Map.entry("venice_events_dropped_total{writer=\"file\"}", 0.0),
                    Map.entry("venice_events_dropped_total{writer=\"venice\"}", 0.0),
                    Map.entry("venice_events_dropped_total{writer=\"syslog\"}", 0.0),
                    // one series per type the catalog flags suppress-during-maintenance (maintenance mode is off)
                    Map.entry("venice_events_suppressed_total{type=\"NODE_DISCONNECTED\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"DSC_DISCONNECTED\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"LINK_DOWN\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"NIC_DISCONNECTED\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"BGP_SESSION_DOWN\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"SERVICE_STOPPED\"}", 0.0),
                    Map.entry("venice_events_suppressed_total{type=\"NODE_REBOOTED\"}", 0.0)));
            assertThat(metrics).as("Camel's own meters, per route")
                    .containsKey("camel_exchanges_total{camelContext=\"venice-events\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"proxy\"}");
            assertThat(venice.acceptedEvents()).hasSize(2);
        }
    }

    @Test
    void readinessIsDownWhileVeniceAnswers500AndUpAgainOnceItTakesTheBatch() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(Integer.MAX_VALUE, 500);
                RunnerProcess runner = RunnerProcess.builder(workDir)
                        .name("readiness")
                        .property("writers.venice.enabled", "true")
                        .property("writers.venice.url", venice.url())
                        .property("writers.venice.batch-interval", "100ms")
                        .property("writers.venice.max-backoff", "200ms")
                        .start()) {
            runner.awaitReady(STARTUP);
            Await.until(STARTUP, () -> get(runner, "/health/ready").statusCode() == 200, runner::describe);
            assertThat(EventJson.read(get(runner, "/health/ready").body(), JsonNode.class).get("status").asText())
                    .isEqualTo("UP");
            JsonNode every = EventJson.read(get(runner, "/health/ready?exposureLevel=full").body(), JsonNode.class);
            assertThat(every.get("checks").findValuesAsText("name")).as(every.toString())
                    .contains("proxy-listening", "writer-file", "writer-venice");

            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send(event("while venice is down"))).startsWith("{\"status\":\"ok\"");
            }

            Await.until(DELIVERY, () -> get(runner, "/health/ready").statusCode() == 503, runner::describe);
            JsonNode down = EventJson.read(get(runner, "/health/ready").body(), JsonNode.class);
            assertThat(down.get("status").asText()).isEqualTo("DOWN");
            assertThat(down.get("checks")).as(down.toString()).hasSize(1);
            assertThat(down.get("checks").get(0).get("name").asText()).isEqualTo("writer-venice");
            assertThat(down.get("checks").get(0).get("status").asText()).isEqualTo("DOWN");
            assertThat(down.get("checks").get(0).get("message").asText())
                    .startsWith("the venice destination has been unreachable since ");
            HttpResponse<String> live = get(runner, "/health/live");
            assertThat(live.statusCode()).as("a down destination is no reason to restart the runner").isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(runner, "/health").statusCode()).as("/health: liveness and readiness").isEqualTo(503);

            venice.failNext(0, 500);

            Await.until(DELIVERY, () -> get(runner, "/health/ready").statusCode() == 200, runner::describe);
            assertThat(get(runner, "/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
            venice.awaitEvents(1, DELIVERY);
            long failedPosts = venice.requests().stream().filter(r -> r.status() == 500).count();
            assertThat(failedPosts).isPositive();
            assertThat(ours(metrics(runner)))
                    .containsEntry("venice_events_retried_total{writer=\"venice\"}", (double) failedPosts)
                    .containsEntry("venice_events_delivered_total{writer=\"venice\"}", 1.0)
                    .containsEntry("venice_events_dead_lettered_total{writer=\"venice\"}", 0.0);
        }
    }

    @Test
    void countsABatchVeniceRefusesAsDeadLetteredWithoutGoingDown() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(1, 400);
                RunnerProcess runner = RunnerProcess.builder(workDir)
                        .name("dead-lettered")
                        .property("writers.venice.enabled", "true")
                        .property("writers.venice.url", venice.url())
                        .property("writers.venice.batch-size", "2") // both events in the one refused batch
                        .property("writers.venice.batch-interval", "10s")
                        .start()) {
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.sendAll(List.of(event("refused a"), event("refused b")));
            }

            Await.until(DELIVERY, () -> metric(runner, "venice_events_dead_lettered_total{writer=\"venice\"}") == 2,
                    runner::describe);
            assertThat(ours(metrics(runner))).containsEntry("venice_events_retried_total{writer=\"venice\"}", 0.0)
                    .containsEntry("venice_events_delivered_total{writer=\"venice\"}", 0.0);
            assertThat(get(runner, "/health/ready").statusCode()).as("Venice answered: it is reachable").isEqualTo(200);
        }
    }

    @Test
    void readinessIsDownWhileTheSyslogCollectorIsUnreachableAndTheOtherWritersGoOn() throws Exception {
        int managementPort = RunnerProcess.freePort();
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("syslog-down")
                .env("MANAGEMENT_PORT", managementPort) // set by the environment, as in a container
                .property("writers.syslog.enabled", "true")
                .property("writers.syslog.target", "tcp://127.0.0.1:" + RunnerProcess.freePort()) // nobody listens
                .property("writers.syslog.max-backoff", "200ms")
                .start()) {
            assertThat(runner.managementPort()).isEqualTo(managementPort);
            runner.awaitReady(STARTUP);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                client.send(event("syslog is down 1"));
                client.send(event("syslog is down 2"));
            }

            Await.until(DELIVERY, () -> get(runner, "/health/ready").statusCode() == 503, runner::describe);
            JsonNode ready = EventJson.read(get(runner, "/health/ready").body(), JsonNode.class);
            assertThat(ready.get("checks")).as(ready.toString()).hasSize(1);
            assertThat(ready.get("checks").get(0).get("name").asText()).isEqualTo("writer-syslog");
            Await.until(DELIVERY, () -> metric(runner, "venice_events_delivered_total{writer=\"file\"}") == 2,
                    runner::describe);
            Map<String, Double> metrics = ours(metrics(runner));
            assertThat(metrics.get("venice_events_retried_total{writer=\"syslog\"}")).as(metrics.toString()).isPositive();
            assertThat(metrics).containsEntry("venice_events_delivered_total{writer=\"syslog\"}", 0.0);
        }
    }

    @Test
    void servesNothingWhenManagementIsDisabled() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("management-off")
                .property("management.enabled", "false")
                .start()) {
            runner.awaitReady(STARTUP);

            assertThatThrownBy(() -> get(runner, "/health")).isInstanceOf(ConnectException.class);
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send(event("still taken"))).startsWith("{\"status\":\"ok\"");
            }
        }
    }
}
