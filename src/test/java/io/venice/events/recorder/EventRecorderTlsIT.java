package io.venice.events.recorder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.Recorded.Outcome;
import io.venice.events.testing.Events;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.TestCertificates;
import io.venice.events.tls.PemTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recorder against the proxy's TLS listener (the real routes, in this JVM), certificates made by openssl. */
class EventRecorderTlsIT {

    static final EventSource SOURCE = new EventSource("linkmgr", "leaf1");
    static final List<String> TYPES = List.of("LINK_UP", "LINK_DOWN");

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path workDir;
    final AcceptedEvents accepted = new AcceptedEvents();
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final int tlsPort = PipelineHarness.freePort();
    PipelineHarness proxy;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certDir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    void startProxy(String clientAuth, Path serverCert, Path serverKey, String... properties) throws Exception {
        PipelineHarness.Builder builder = PipelineHarness.builder(workDir.resolve("data"));
        for (int i = 0; i < properties.length; i += 2) {
            builder.property(properties[i], properties[i + 1]);
        }
        proxy = builder
                .property("proxy.tls.enabled", "true")
                .property("proxy.tls.host", "127.0.0.1")
                .property("proxy.tls.port", String.valueOf(tlsPort))
                .property("proxy.tls.cert-file", serverCert.toString())
                .property("proxy.tls.key-file", serverKey.toString())
                .property("proxy.tls.client-auth", clientAuth)
                .property("proxy.tls.client-ca-file", certs.caCert().toString())
                .advise("dispatcher", a -> a.weaveByToUri("store:events").before().process(accepted))
                .start();
        cleanup.add(proxy);
    }

    EventRecorder.Builder recorder(String name) {
        return EventRecorder.builder(SOURCE, TYPES, "tls://127.0.0.1:" + tlsPort)
                .backupDir(workDir.resolve("backup-" + name))
                .sendTimeout(Duration.ofSeconds(2))
                .replayInterval(Duration.ofMillis(50));
    }

    Recorded record(EventRecorder.Builder builder, String message) {
        EventRecorder recorder = builder.build();
        cleanup.add(recorder);
        return recorder.event("LINK_DOWN", Severity.WARN, message, ObjectRef.of("Port", "eth1"));
    }

    @Test
    void aRecorderTrustingTheProxysCaIsAcknowledgedOverTls() throws Exception {
        startProxy("none", certs.serverCert(), certs.serverKey());

        Recorded recorded = record(recorder("ca").trustedCaFile(certs.caCert()), "over TLS");

        assertThat(recorded.outcome()).as(recorded.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
        assertThat(accepted.messages()).containsExactly("over TLS");
    }

    @Test
    void aRecorderThatDoesNotTrustTheProxysCertificateBacksTheEventUpAndSendsNothing() throws Exception {
        startProxy("none", certs.serverCert(), certs.serverKey());

        Recorded recorded = record(recorder("other-ca").trustedCaFile(certs.otherCa()), "not trusted");

        assertThat(recorded.outcome()).isEqualTo(Outcome.BACKED_UP);
        assertThat(recorded.detail()).contains("unable to find valid certification path");
        assertThat(accepted.size()).isZero();
    }

    @Test
    void hostnameVerificationRefusesACertificateForAnotherHostUnlessTurnedOff() throws Exception {
        startProxy("none", certs.wrongHostServerCert(), certs.wrongHostServerKey());

        Recorded checked = record(recorder("checked").trustedCaFile(certs.caCert()), "checked");
        Recorded unchecked = record(recorder("unchecked").trustedCaFile(certs.caCert()).hostnameVerification(false),
                "unchecked");

        assertThat(checked.outcome()).isEqualTo(Outcome.BACKED_UP);
        assertThat(checked.detail()).contains("No subject alternative names matching IP address 127.0.0.1");
        assertThat(unchecked.outcome()).as(unchecked.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
        assertThat(accepted.messages()).containsExactly("unchecked");
    }

    @Test
    void withClientAuthNeedOnlyTheRecorderWithACertificateOfTheClientCaIsAcknowledged() throws Exception {
        startProxy("need", certs.serverCert(), certs.serverKey());

        Recorded none = record(recorder("none").trustedCaFile(certs.caCert()), "no certificate");
        Recorded other = record(recorder("other").trustedCaFile(certs.caCert())
                .clientCertificate(certs.untrustedServerCert(), certs.untrustedServerKey()), "another CA's");
        Recorded right = record(recorder("right").trustedCaFile(certs.caCert())
                .clientCertificate(certs.clientCert(), certs.clientKey()), "the right one");

        assertThat(none.outcome()).isEqualTo(Outcome.BACKED_UP);
        assertThat(none.detail()).startsWith("proxy unavailable: ");
        assertThat(other.outcome()).isEqualTo(Outcome.BACKED_UP);
        assertThat(right.outcome()).as(right.detail()).isEqualTo(Outcome.ACKNOWLEDGED);
        assertThat(accepted.messages()).containsExactly("the right one");
    }

    @Test
    void insideTlsTheProxySpeaksTheSameProtocolWithTheSameLimits() throws Exception {
        startProxy("need", certs.serverCert(), certs.serverKey());
        SSLContext tls = PemTls.client(certs.caCert(), certs.clientCert(),
                certs.clientKey(), "127.0.0.1", tlsPort, true);

        try (Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((Events.linkDownLine("eth1") + "\n{oops\n"
                    + "x".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader replies = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.UTF_8));

            assertThat(replies.readLine()).startsWith("{\"status\":\"ok\",\"uuid\":");
            assertThat(replies.readLine()).startsWith("{\"status\":\"error\",\"error\":\"malformed JSON");
            assertThat(replies.readLine()).isEqualTo("{\"status\":\"error\",\"error\":\"line longer than "
                    + "proxy.max-line-bytes (65536 bytes) was discarded; send smaller lines\"}");
        }
        assertThat(accepted.messages()).containsExactly("port eth1 down");
    }

    @Test
    void bothListenersShareProxyMaxConnectionsAndOneMoreIsRefusedInsideTls() throws Exception {
        startProxy("need", certs.serverCert(), certs.serverKey(), "proxy.max-connections", "1");
        SSLContext tls = PemTls.client(certs.caCert(), certs.clientCert(), certs.clientKey(), "127.0.0.1", tlsPort, true);

        try (ProxyClient plaintext = ProxyClient.connect(proxy.proxyPort())) {
            assertThat(plaintext.send(Events.linkDownLine("eth1"))).startsWith("{\"status\":\"ok\"");
            try (Socket second = tls.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
                second.setSoTimeout(10_000);
                BufferedReader refused = new BufferedReader(new InputStreamReader(second.getInputStream(),
                        StandardCharsets.UTF_8));

                assertThat(refused.readLine()).isEqualTo("{\"status\":\"error\",\"error\":\"too many connections "
                        + "(proxy.max-connections=1); try again later\",\"retry\":true}");
                assertThat(refused.readLine()).as("then closed").isNull();
            }
        }
    }

    @Test
    void tlsOptionsAndFilesAreCheckedAtBuild() {
        assertThatThrownBy(() -> EventRecorder.builder(SOURCE, TYPES, "tcp://127.0.0.1:9012")
                .trustedCaFile(certs.caCert()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS options are for a tls://host:port proxy URL, not tcp://127.0.0.1:9012");
        Path missing = workDir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> recorder("missing").trustedCaFile(missing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(missing + ": cannot be read");
        assertThatThrownBy(() -> recorder("mismatch").clientCertificate(certs.clientCert(), certs.serverKey()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(certs.serverKey() + ": the key does not go with the certificate of " + certs.clientCert());
    }
}
