package io.venice.events.writers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.venice.events.testing.Await;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.ReceivedSyslog;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RsyslogServer.TlsInput;
import io.venice.events.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syslog over TLS (RFC 5425) to a real rsyslogd with its gtls driver, certificates made by the test: delivered as
 * over TCP; a client certificate when the collector requires one; a collector whose certificate is not trusted or
 * names another host is refused (retried, readiness DOWN, an ERROR line saying why) and gets every event once the
 * configuration is fixed.
 */
class SyslogTlsRsyslogIT {

    static final Duration DELIVERY = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireRsyslogWithTls() {
        RsyslogServer.requireTlsOrSkip();
        certs = TestCertificates.create(certDir);
    }

    PipelineHarness.Builder pipeline(RsyslogServer rsyslog, Map<String, String> tls) {
        PipelineHarness.Builder builder = PipelineHarness.builder(workDir.resolve("data"))
                .property("writers.syslog.enabled", "true")
                .property("writers.syslog.target", "tls://127.0.0.1:" + rsyslog.address().getPort())
                .property("writers.syslog.format", "rfc5424")
                .property("writers.syslog.facility", "local3")
                .property("writers.syslog.max-backoff", "500ms")
                .property("writers.syslog.confirm-after", "200ms");
        tls.forEach(builder::property);
        return builder;
    }

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    static void send(PipelineHarness pipeline, List<String> messages) throws Exception {
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            for (String message : messages) {
                assertThat(client.send(event(message))).startsWith("{\"status\":\"ok\"");
            }
        }
    }

    static int readiness(PipelineHarness pipeline) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pipeline.managementPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** How many times each message arrived. */
    static Map<String, Long> arrivals(RsyslogServer rsyslog) {
        return rsyslog.messages().stream().collect(Collectors.groupingBy(ReceivedSyslog::msg, Collectors.counting()));
    }

    @Test
    void deliversOverTlsWhatRsyslogParsesAsItDoesOverTcp() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), TlsInput.anonymous(certs));
                PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                        "writers.syslog.tls.ca-file", certs.caCert().toString())).start();
                ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(SyslogWriterRsyslogIT.EVENT)).startsWith("{\"status\":\"ok\"");
            ReceivedSyslog message = rsyslog.awaitMessages(1, DELIVERY).get(0);

            assertThat(message.pri()).isEqualTo(19 * 8 + 2); // local3, critical
            assertThat(message.protocolVersion()).isEqualTo("1");
            assertThat(message.hostname()).isEqualTo("20.0.1.61");
            assertThat(message.appName()).isEqualTo("venice-events");
            assertThat(message.msgId()).isEqualTo("DSC_NOT_ADMITTED");
            assertThat(message.structuredData()).startsWith("[event@32473 uuid=\"")
                    .contains(" type=\"DSC_NOT_ADMITTED\" severity=\"critical\" category=\"cluster\" count=\"1\"");
            assertThat(message.msg()).isEqualTo("DSC for host [sim_host1035] not admitted: \"quota\" exceeded, café");

            List<String> more = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "tls event " + i).toList();
            send(pipeline, more);
            rsyslog.awaitMessages(51, DELIVERY);
            assertThat(arrivals(rsyslog)).as("each once, over one connection").hasSize(51).allSatisfy((msg, n) -> assertThat(n).isEqualTo(1));
            assertThat(readiness(pipeline)).isEqualTo(200);
        }
    }

    @Test
    void presentsItsClientCertificateToACollectorThatRequiresOne() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"),
                        TlsInput.clientCertificateRequired(certs));
                PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                        "writers.syslog.tls.ca-file", certs.caCert().toString(),
                        "writers.syslog.tls.cert-file", certs.clientCert().toString(),
                        "writers.syslog.tls.key-file", certs.clientKey().toString())).start()) {
            send(pipeline, List.of("mutual one", "mutual two"));

            rsyslog.awaitMessages(2, DELIVERY);
            assertThat(arrivals(rsyslog)).containsOnly(Map.entry("mutual one", 1L), Map.entry("mutual two", 1L));
        }
    }

    @Test
    void withoutAClientCertificateACollectorThatRequiresOneGetsNothingAndTheErrorSaysWhy() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"),
                        TlsInput.clientCertificateRequired(certs));
                LogCapture log = LogCapture.start();
                PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                        "writers.syslog.tls.ca-file", certs.caCert().toString())).start()) {
            send(pipeline, List.of("needs a certificate"));

            Await.until(DELIVERY, () -> readiness(pipeline) == 503, () -> "readiness still UP");
            // TLS 1.3: the collector checks the client's certificate after our handshake is done, and resets
            Await.until(DELIVERY, () -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR The syslog writer "
                    + "cannot connect to tls://127.0.0.1:" + rsyslog.address().getPort() + " over TLS: it closes the "
                    + "connection right after the TLS handshake") && l.contains("set writers.syslog.tls.cert-file and "
                    + "writers.syslog.tls.key-file")), () -> String.join("\n", log.lines()));
            assertThat(rsyslog.messages()).isEmpty();
        }
    }

    /**
     * Nothing lost: in TLS 1.3 the write goes through before the collector resets (camel-netty completes the
     * exchange then, and fails it again on the reset); the batch must not count as confirmed.
     */
    @Test
    void eventsRefusedForWantOfAClientCertificateAreDeliveredOnceItIsConfigured() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"),
                TlsInput.clientCertificateRequired(certs))) {
            try (PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                    "writers.syslog.tls.ca-file", certs.caCert().toString())).start()) {
                send(pipeline, List.of("needs a certificate"));
                Await.until(DELIVERY, () -> readiness(pipeline) == 503, () -> "readiness still UP");
            }
            try (PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                    "writers.syslog.tls.ca-file", certs.caCert().toString(),
                    "writers.syslog.tls.cert-file", certs.clientCert().toString(),
                    "writers.syslog.tls.key-file", certs.clientKey().toString())).start()) {
                rsyslog.awaitMessages(1, DELIVERY);
                assertThat(arrivals(rsyslog)).containsOnly(Map.entry("needs a certificate", 1L));
            }
        }
    }

    @Test
    void refusesAnUntrustedCollectorAndDeliversEverythingOnceTheConfigurationTrustsIt() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), TlsInput.untrusted(certs))) {
            try (LogCapture log = LogCapture.start();
                    PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                            "writers.syslog.tls.ca-file", certs.caCert().toString())).start()) {
                send(pipeline, List.of("held one", "held two", "held three"));

                Await.until(DELIVERY, () -> readiness(pipeline) == 503, () -> "readiness still UP");
                Await.until(DELIVERY, () -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR The syslog writer "
                        + "cannot connect to tls://127.0.0.1:" + rsyslog.address().getPort() + " over TLS: its "
                        + "certificate is not trusted: it is not signed by a CA of writers.syslog.tls.ca-file")),
                        () -> String.join("\n", log.lines()));
                assertThat(log.lines().stream().filter(l -> l.startsWith("ERROR The syslog writer")))
                        .as("one ERROR line however many retries").hasSize(1);
                assertThat(rsyslog.messages()).isEmpty();
            }
            // the operator fixes the configuration: the collector's CA is trusted
            try (PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                    "writers.syslog.tls.ca-file", certs.otherCa().toString())).start()) {
                rsyslog.awaitMessages(3, DELIVERY);
                Await.until(DELIVERY, () -> readiness(pipeline) == 200, () -> "readiness still DOWN");
                assertThat(arrivals(rsyslog)).containsOnly(
                        Map.entry("held one", 1L), Map.entry("held two", 1L), Map.entry("held three", 1L));
            }
        }
    }

    @Test
    void refusesACollectorWhoseCertificateNamesAnotherHostUnlessHostnameVerificationIsOff() throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), TlsInput.wrongHost(certs))) {
            try (LogCapture log = LogCapture.start();
                    PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                            "writers.syslog.tls.ca-file", certs.caCert().toString())).start()) {
                send(pipeline, List.of("named one", "named two"));

                Await.until(DELIVERY, () -> readiness(pipeline) == 503, () -> "readiness still UP");
                Await.until(DELIVERY, () -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR The syslog writer")
                        && l.contains("its certificate does not name the host connected to")
                        && l.contains("127.0.0.1") && l.contains("writers.syslog.tls.verify-hostname=false")),
                        () -> String.join("\n", log.lines()));
                assertThat(rsyslog.messages()).isEmpty();
            }
            try (PipelineHarness pipeline = pipeline(rsyslog, Map.of(
                    "writers.syslog.tls.ca-file", certs.caCert().toString(),
                    "writers.syslog.tls.verify-hostname", "false")).start()) {
                rsyslog.awaitMessages(2, DELIVERY);
                assertThat(arrivals(rsyslog)).containsOnly(Map.entry("named one", 1L), Map.entry("named two", 1L));
            }
        }
    }

    /**
     * An event policy's target with transport tls: the same RFC 5425 delivery, with the writers.syslog.tls.* files
     * (the syslog writer itself off), its client certificate presented to a collector that requires one.
     */
    @Test
    void anEventPolicysTlsTargetDeliversWithTheSyslogTlsFiles() throws Exception {
        String token = "policy-tls-token";
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"),
                        TlsInput.clientCertificateRequired(certs));
                PipelineHarness pipeline = PipelineHarness.builder(workDir.resolve("data"))
                        .property("writers.syslog.tls.ca-file", certs.caCert().toString())
                        .property("writers.syslog.tls.cert-file", certs.clientCert().toString())
                        .property("writers.syslog.tls.key-file", certs.clientKey().toString())
                        .property("writers.syslog.confirm-after", "200ms")
                        .property("management.auth-token", token)
                        .start()) {
            String policy = "{\"name\":\"siem-tls\",\"format\":\"rfc5424\",\"prefix\":\"siem\",\"targets\":[{"
                    + "\"destination\":\"127.0.0.1:" + rsyslog.address().getPort() + "\",\"transport\":\"tls\"}]}";
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + pipeline.managementPort() + "/api/v1/event-policies"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(policy)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            List<String> messages = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "policy tls " + i).toList();
            send(pipeline, messages);
            List<ReceivedSyslog> received = rsyslog.awaitMessages(20, DELIVERY);

            assertThat(received).allSatisfy(m -> assertThat(m.appName()).isEqualTo("siem"));
            assertThat(arrivals(rsyslog)).hasSize(20).allSatisfy((msg, n) -> assertThat(n).isEqualTo(1));
        }
    }
}
