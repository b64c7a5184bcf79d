package io.venice.events.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /events} of the packaged runner, as a client that is not Java would use it (here java.net.http):
 * the same events, validation, dedup and replies as the TCP proxy, with HTTP statuses that say what the reply
 * says. The replies are compared with the TCP proxy's to the same line, on the same runner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpIngestIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path workDir;
    RunnerProcess runner;

    @BeforeAll
    void startRunner() {
        runner = RunnerProcess.builder(workDir.resolve("shared")).name("http-ingest").start().awaitReady(STARTUP);
    }

    @AfterAll
    void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    static String withUuid(String line, String uuid) {
        return line.replace("{\"type\"", "{\"meta\":{\"uuid\":\"" + uuid + "\"},\"type\"");
    }

    static String list(String... items) {
        return "{\"kind\":\"EventList\",\"items\":[" + String.join(",", items) + "]}";
    }

    HttpResponse<String> post(RunnerProcess to, String body) throws IOException, InterruptedException {
        return send(to, HttpRequest.newBuilder(events(to)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(RunnerProcess to, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI events(RunnerProcess to) {
        return URI.create("http://127.0.0.1:" + to.httpPort() + "/events");
    }

    String overTcp(String line) {
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            return client.send(line);
        }
    }

    /** Waits until the file writer wrote {@code marker}'s event: everything stored before it is written too. */
    void awaitWritten(String markerUuid) {
        Await.until(DELIVERY, () -> written(markerUuid).size() == 1, () -> runner.logTail(40));
    }

    List<JsonNode> written(String uuid) {
        return runner.writtenEvents().stream().filter(e -> e.get("meta").get("uuid").asText().equals(uuid)).toList();
    }

    /** The liveness/readiness check proxy-listening covers the HTTP ingest's port too. */
    @Test
    void theProxyListeningHealthCheckNamesTheHttpIngestAddress() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + runner.managementPort() + "/health/live?exposureLevel=full&data=true"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"http-address\":\"127.0.0.1:" + runner.httpPort() + "\"");
    }

    @Test
    void oneEventIsStoredAnsweredWith201AndTheTcpProxysReplyAndWritten() throws Exception {
        String uuid = UUID.randomUUID().toString();

        HttpResponse<String> response = post(runner, withUuid(Events.linkDownLine("http1"), uuid));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"uuid\":\"" + uuid + "\"}");
        awaitWritten(uuid);
        JsonNode event = written(uuid).get(0);
        assertThat(event.get("message").asText()).isEqualTo("port http1 down");
        assertThat(event.get("category").asText()).as("filled from the catalog, as over TCP").isEqualTo("network");
        assertThat(event.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aResendWithTheSameUuidIsAcknowledgedWith200AsOverTcpAndWrittenOnce() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String line = withUuid(Events.linkDownLine("http2"), uuid);

        HttpResponse<String> first = post(runner, line);
        HttpResponse<String> resent = post(runner, line);
        String resentOverTcp = overTcp(line);
        String marker = UUID.randomUUID().toString();
        assertThat(post(runner, withUuid(Events.linkDownLine("http2-marker"), marker)).statusCode()).isEqualTo(201);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        assertThat(resent.body()).isEqualTo("{\"status\":\"ok\",\"uuid\":\"" + uuid + "\",\"duplicate\":true}")
                .isEqualTo(resentOverTcp);
        awaitWritten(marker);
        assertThat(written(uuid)).as("taken once: one first occurrence, no repeat").hasSize(1);
        assertThat(written(uuid).get(0).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void anEventListIsTakenItemByItemAndOneWithARefusedItemIs400WithTheAcceptedOnesTaken() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String accepted = UUID.randomUUID().toString();
        String refused = "{\"type\":\"LINK_UP\",\"source\":{\"component\":\"linkmgr\"}}";

        HttpResponse<String> whole = post(runner, list(withUuid(Events.linkDownLine("http3a"), first),
                withUuid(Events.linkDownLine("http3b"), second)));
        HttpResponse<String> partial = post(runner, list(withUuid(Events.linkDownLine("http3c"), accepted), refused));
        String partialOverTcp = overTcp(list(Events.linkDownLine("http3d"), refused));

        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(201);
        assertThat(whole.body()).isEqualTo("{\"status\":\"ok\",\"accepted\":2,\"rejected\":[]}");
        assertThat(partial.statusCode()).as(partial.body()).isEqualTo(400);
        assertThat(partial.body()).isEqualTo(partialOverTcp).isEqualTo("{\"status\":\"error\",\"error\":\"1 of 2 items "
                + "rejected; the others were accepted\",\"accepted\":1,\"rejected\":[{\"index\":1,\"error\":\"items[1]."
                + "severity: missing (one of info, warn, critical, debug)\"}],\"rejected-total\":1}");
        awaitWritten(accepted);
        awaitWritten(first);
        awaitWritten(second);
    }

    @Test
    void anInvalidEventIs400WithTheTcpProxysReplyNamingTheField() throws Exception {
        String loud = "{\"type\":\"LINK_DOWN\",\"severity\":\"loud\",\"source\":{\"component\":\"linkmgr\"}}";
        String noComponent = "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"source\":{}}";

        HttpResponse<String> badSeverity = post(runner, loud);
        HttpResponse<String> missing = post(runner, noComponent);
        HttpResponse<String> notJson = post(runner, "this is not JSON at all");
        HttpResponse<String> empty = post(runner, "");

        assertThat(badSeverity.statusCode()).isEqualTo(400);
        assertThat(badSeverity.body()).isEqualTo(overTcp(loud)).isEqualTo("{\"status\":\"error\",\"error\":\"severity: "
                + "'loud' is not a severity (expected one of info, warn, critical, debug)\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo(overTcp(noComponent)).contains("source.component: missing");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).isEqualTo(overTcp("this is not JSON at all")).contains("malformed JSON at column");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("{\"status\":\"error\",\"error\":\"empty line\"}");
    }

    @Test
    void aBodyLongerThanProxyMaxLineBytesIs413WithTheTcpProxysReplyAndCounted() throws Exception {
        String tooLong = "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + "x".repeat(70_000)
                + "\",\"source\":{\"component\":\"linkmgr\"}}";
        double oversizedBefore = Metrics.total(runner.managementPort(), "venice_events_rejected_total{reason=\"oversized\"}");

        HttpResponse<String> response = post(runner, tooLong);
        HttpResponse<String> afterwards = post(runner, Events.linkDownLine("http5"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(overTcp(tooLong)).isEqualTo("{\"status\":\"error\",\"error\":\"line longer "
                + "than proxy.max-line-bytes (65536 bytes) was discarded; send smaller lines\"}");
        assertThat(Metrics.total(runner.managementPort(), "venice_events_rejected_total{reason=\"oversized\"}"))
                .as("the HTTP body and the TCP line").isEqualTo(oversizedBefore + 2);
        assertThat(afterwards.statusCode()).as("the ingest goes on").isEqualTo(201);
    }

    @Test
    void aMethodOtherThanPostIs405AndABodyThatIsNotJsonIs415BothWithAJsonError() throws Exception {
        String line = Events.linkDownLine("http6");

        HttpResponse<String> get = send(runner, HttpRequest.newBuilder(events(runner)).GET());
        HttpResponse<String> put = send(runner, HttpRequest.newBuilder(events(runner))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(line)));
        HttpResponse<String> form = send(runner, HttpRequest.newBuilder(events(runner))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(line)));
        HttpResponse<String> noType = send(runner, HttpRequest.newBuilder(events(runner))
                .POST(HttpRequest.BodyPublishers.ofString(line)));
        HttpResponse<String> withCharset = send(runner, HttpRequest.newBuilder(events(runner))
                .header("Content-Type", "Application/JSON; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(line)));
        HttpResponse<String> elsewhere = send(runner, HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runner.httpPort() + "/event")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(line)));

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(get.body()).isEqualTo("{\"status\":\"error\",\"error\":\"method 'GET' not allowed; send POST /events\"}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).isEqualTo("{\"status\":\"error\",\"error\":\"Content-Type 'application/x-www-form-urlencoded'"
                + " is not JSON; send Content-Type: application/json\"}");
        assertThat(noType.statusCode()).isEqualTo(415);
        assertThat(noType.body()).contains("no Content-Type; send Content-Type: application/json");
        assertThat(withCharset.statusCode()).as(withCharset.body()).isEqualTo(201);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("send events to POST /events");
    }

    @Test
    void aRunnerWhoseHttpPortIsTakenDoesNotStartAndSaysWhichKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             RunnerProcess other = RunnerProcess.builder(workDir.resolve("port-taken")).name("http-port-taken")
                     .property("proxy.http-port", taken.getLocalPort()).start()) {
            int exitCode = other.awaitExit(STARTUP);

            assertThat(exitCode).as(other.log()).isNotZero();
            assertThat(other.log()).contains("proxy.http-port: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (is another process using that port?)");
        }
    }

    /**
     * The Venice writer's destination does not answer, so the events stay in a store of 4 KiB until it is full:
     * then the TCP proxy answers {@code "retry":true}, and the HTTP ingest the same reply as 503 with Retry-After.
     */
    @Test
    void aFullStoreIs503WithRetryAfterAndTheTcpProxysRetryReply() throws Exception {
        try (RunnerProcess full = RunnerProcess.builder(workDir.resolve("full")).name("http-ingest-store-full")
                .property("store.max-bytes", "4k")
                .property("store.segment-bytes", "1k")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", "http://127.0.0.1:" + RunnerProcess.freePort() + "/events/v1/events")
                .start().awaitReady(STARTUP)) {
            HttpResponse<String> response = null;
            for (int i = 0; i < 100; i++) {
                response = post(full, Events.linkDownLine("full" + i));
                if (response.statusCode() != 201) {
                    break;
                }
            }

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).startsWith("{\"status\":\"error\",\"error\":\"event store full: ")
                    .endsWith("; events not accepted, send them again\",\"retry\":true}");
            try (ProxyClient client = ProxyClient.connect(full.port())) {
                assertThat(client.send(Events.linkDownLine("full-tcp"))).as("the TCP proxy's reply")
                        .isEqualTo(response.body());
            }
            assertThat(Metrics.total(full.managementPort(), "venice_events_rejected_total{reason=\"store_full\"}"))
                    .isEqualTo(2);
        }
    }
}
