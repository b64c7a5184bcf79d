package io.venice.events.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.EventRecorder;
import io.venice.events.recorder.Recorded;
import io.venice.events.recorder.Recorded.Outcome;
import io.venice.events.testing.Await;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged runner's TLS listener (proxy.tls.*), with certificates made by openssl, as senders meet it. */
class ProxyTlsIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration EXIT = Duration.ofSeconds(60);
    static final EventSource SOURCE = new EventSource("linkmgr", "leaf1");
    static final List<String> TYPES = List.of("LINK_UP", "LINK_DOWN");

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path workDir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certDir);
    }

    /** TLS only, with proxy.tls.client-auth left at its default (need). */
    RunnerProcess startMutualTls(int tlsPort) {
        RunnerProcess runner = RunnerProcess.builder(workDir).name("proxy-mtls")
                .property("proxy.plaintext.enabled", "false")
                .property("proxy.tls.enabled", "true")
                .property("proxy.tls.port", tlsPort)
                .property("proxy.tls.cert-file", certs.serverCert())
                .property("proxy.tls.key-file", certs.serverKey())
                .property("proxy.tls.client-ca-file", certs.caCert())
                .start();
        Await.until(STARTUP, () -> runner.isAlive() && ready(runner), runner::describe);
        return runner;
    }

    boolean ready(RunnerProcess runner) {
        try {
            return get(runner, "/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    HttpResponse<String> get(RunnerProcess runner, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static double refused(RunnerProcess runner, String reason) {
        return Metrics.scrape(runner.managementPort()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("venice_events_proxy_tls_refused_total{")
                        && e.getKey().contains("reason=\"" + reason + "\""))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    Recorded recordOnce(String name, EventRecorder.Builder options, String message) {
        try (EventRecorder recorder = options.backupDir(workDir.resolve("backup-" + name))
                .sendTimeout(Duration.ofSeconds(5)).build()) {
            return recorder.event("LINK_DOWN", Severity.WARN, message, ObjectRef.of("Port", "eth1"));
        }
    }

    EventRecorder.Builder recorder(int tlsPort) {
        return EventRecorder.builder(SOURCE, TYPES, "tls://127.0.0.1:" + tlsPort).trustedCaFile(certs.caCert());
    }

    @Test
    void withClientAuthNeedOnlyTheRightCertificateIsAcknowledgedAndEveryRefusalIsCountedAndLoggedBounded()
            throws Exception {
        int tlsPort = RunnerProcess.freePort();
        long started = System.nanoTime();
        try (RunnerProcess runner = startMutualTls(tlsPort)) {
            Recorded right = recordOnce("right", recorder(tlsPort)
                    .clientCertificate(certs.clientCert(), certs.clientKey()), "with the right certificate");
            Recorded none = recordOnce("none", recorder(tlsPort), "without a certificate");
            Recorded other = recordOnce("other", recorder(tlsPort)
                    .clientCertificate(certs.untrustedServerCert(), certs.untrustedServerKey()), "another CA's");

            assertThat(right.outcome()).as(right.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
            assertThat(none.outcome()).isEqualTo(Outcome.BACKED_UP);
            assertThat(none.detail()).startsWith("proxy unavailable: ");
            assertThat(other.outcome()).isEqualTo(Outcome.BACKED_UP);
            Await.until(Duration.ofSeconds(30), () -> runner.writtenEvents().size() == 1, runner::describe);
            assertThat(runner.writtenEvents()).extracting(e -> e.get("message").asText())
                    .containsExactly("with the right certificate");
            // each recorder connects at build, sends, and tries its backlog once more on close: refused each time
            Await.until(Duration.ofSeconds(10), () -> refused(runner, "handshake") >= 2, runner::describe);

            // plaintext to the TLS port: no reply, the connection closed, counted; the listener goes on
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", tlsPort), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"forged\","
                        + "\"source\":{\"component\":\"linkmgr\"}}\n").getBytes(StandardCharsets.UTF_8));
                InputStream in = socket.getInputStream();
                assertThat(in.readAllBytes()).as("bytes back to a plaintext sender").isEmpty();
            }
            Await.until(Duration.ofSeconds(10), () -> refused(runner, "not_tls") == 1, runner::describe);

            // a TCP health check of the TLS port (/health's proxy-listening) is not a refusal
            double handshakes = refused(runner, "handshake");
            JsonNode health = EventJson.read(get(runner, "/health/ready?exposureLevel=full&data=true").body(),
                    JsonNode.class);
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.toString()).contains("\"tls-address\":\"127.0.0.1:" + tlsPort + "\"");
            assertThat(refused(runner, "handshake")).isEqualTo(handshakes);
            assertThat(refused(runner, "not_tls")).isEqualTo(1);

            Recorded again = recordOnce("right", recorder(tlsPort)
                    .clientCertificate(certs.clientCert(), certs.clientKey()), "after the refusals");
            assertThat(again.outcome()).as(again.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
            Await.until(Duration.ofSeconds(30), () -> runner.writtenEvents().size() == 2, runner::describe);
            assertThat(runner.writtenEvents().toString()).doesNotContain("forged");

            assertThatThrownBy(() -> {
                try (Socket plaintext = new Socket()) {
                    plaintext.connect(new InetSocketAddress("127.0.0.1", runner.port()), 2000);
                }
            }).as("proxy.plaintext.enabled=false: nothing on proxy.port").isInstanceOf(ConnectException.class);

            String log = runner.log();
            long minutes = Duration.ofNanos(System.nanoTime() - started).toMinutes();
            assertThat(log.lines().filter(line -> line.contains("TLS listener refused")).count())
                    .as("one WARN line for the first refusal, then at most one a minute\n" + log)
                    .isBetween(1L, 1L + minutes);
            assertThat(log).as("no stack trace for a refused connection").doesNotContain("\tat ")
                    .doesNotContain("NotSslRecordException");
            assertThat(runner.isAlive()).isTrue();
        }
    }

    RunnerProcess tool(String name, String... arguments) {
        return RunnerProcess.builder(workDir).name(name).withoutTestDefaults().arguments(arguments).start();
    }

    @Test
    void theRecordAndLoadCommandsSendOverTlsWithAClientCertificate() throws Exception {
        int tlsPort = RunnerProcess.freePort();
        String proxy = "tls://localhost:" + tlsPort;
        String[] tls = {"--ca-file", certs.caCert().toString(), "--cert-file", certs.clientCert().toString(),
                "--key-file", certs.clientKey().toString()};
        try (RunnerProcess runner = startMutualTls(tlsPort)) {
            try (RunnerProcess record = tool("record-tls", concat(new String[] {"record", "--proxy", proxy}, tls,
                    "--component", "linkmgr", "--type", "LINK_DOWN", "--severity", "warn",
                    "--message", "recorded over TLS", "--backup-dir", workDir.resolve("backup").toString()))) {
                assertThat(record.awaitExit(EXIT)).as(record.log()).isZero();
                assertThat(record.log()).containsPattern("acknowledged [0-9a-f-]{36}");
            }
            Await.until(Duration.ofSeconds(30), () -> runner.writtenEvents().size() == 1, runner::describe);
            assertThat(runner.writtenEvents().get(0).get("message").asText()).isEqualTo("recorded over TLS");

            try (RunnerProcess load = tool("load-tls", concat(new String[] {"load", "--proxy", proxy}, tls,
                    "--rate", "400", "--total", "40", "--connections", "2",
                    "--backup-dir", workDir.resolve("load-backup").toString()))) {
                assertThat(load.awaitExit(EXIT)).as(load.log()).isZero();
                assertThat(load.log()).containsPattern("sent 40, acknowledged 40, backed up 0, rejected 0 in ");
            }
        }
        Path missing = workDir.resolve("no-ca.pem");
        try (RunnerProcess record = tool("record-tls-bad", "record", "--proxy", proxy, "--ca-file", missing.toString(),
                "--component", "c", "--type", "LINK_UP", "--severity", "info", "--message", "m")) {
            assertThat(record.awaitExit(EXIT)).isEqualTo(2);
            assertThat(record.log()).contains("venice-events: " + missing + ": cannot be read (" + missing + ")");
        }
        try (RunnerProcess record = tool("record-tls-half", "record", "--proxy", proxy,
                "--cert-file", certs.clientCert().toString(),
                "--component", "c", "--type", "LINK_UP", "--severity", "info", "--message", "m")) {
            assertThat(record.awaitExit(EXIT)).isEqualTo(2);
            assertThat(record.log()).contains("venice-events: --cert-file and --key-file go together: give both or neither");
        }
    }

    static String[] concat(String[] first, String[] second, String... rest) {
        return java.util.stream.Stream.of(first, second, rest).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void unusableTlsSettingsStopTheStartListedTogetherNamingTheirKeys() {
        Path missing = workDir.resolve("no-such-cert.pem");
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("tls-bad-config")
                .property("proxy.tls.enabled", "true")
                .property("proxy.tls.cert-file", missing)
                .property("proxy.tls.key-file", certs.clientKey())
                .start()) {
            int exit = runner.awaitExit(EXIT);
            String log = runner.log();

            assertThat(exit).as(log).isNotZero();
            assertThat(log.lines().map(String::trim).toList()).as(log).contains(
                    "proxy.tls.cert-file: " + missing + ": cannot be read (" + missing + ")",
                    "proxy.tls.client-ca-file: missing (proxy.tls.client-auth=need checks client certificates "
                            + "against these CAs, a PEM file)");
            assertThat(log).containsOnlyOnce("invalid configuration (2 problems)");
        }
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("tls-key-mismatch")
                .property("proxy.tls.enabled", "true")
                .property("proxy.tls.cert-file", certs.serverCert())
                .property("proxy.tls.key-file", certs.clientKey())
                .start()) {
            int exit = runner.awaitExit(EXIT);
            String log = runner.log();

            assertThat(exit).as(log).isNotZero();
            assertThat(log.lines().map(String::trim).toList()).as(log).contains("proxy.tls.key-file: "
                    + certs.clientKey() + ": the key does not go with the certificate of " + certs.serverCert());
        }
    }
}
