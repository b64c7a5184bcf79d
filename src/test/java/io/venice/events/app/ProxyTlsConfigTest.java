package io.venice.events.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.venice.events.proxy.ProxyTls;
import io.venice.events.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy.tls.* and proxy.plaintext.enabled keys as PipelineConfig reads and checks them. */
class ProxyTlsConfigTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(dir);
    }

    static Map<String, String> with(String... keysAndValues) throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    static Map<String, String> tls(String... more) throws IOException {
        Map<String, String> values = with("proxy.tls.enabled", "true",
                "proxy.tls.cert-file", certs.serverCert().toString(),
                "proxy.tls.key-file", certs.serverKey().toString(),
                "proxy.tls.client-ca-file", certs.caCert().toString());
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
    }

    @Test
    void byDefaultOnlyThePlaintextListenerOnTheLoopbackListens() throws IOException {
        PipelineConfig config = PipelineConfigTest.read(PipelineConfigTest.shipped());

        assertThat(config.proxyPlaintextEnabled()).isTrue();
        assertThat(config.proxyHost()).isEqualTo("127.0.0.1");
        assertThat(config.proxyTls().enabled()).isFalse();
        assertThat(config.proxyTls().needClientAuth()).isFalse();
        assertThat(config.proxyTls().clientAuth()).as("once enabled, mutual TLS unless told otherwise")
                .isEqualTo(ProxyTls.ClientAuth.NEED);
    }

    @Test
    void readsATlsListenerRequiringClientCertificates() throws IOException {
        PipelineConfig config = PipelineConfigTest.read(tls("proxy.plaintext.enabled", "false"));

        ProxyTls tls = config.proxyTls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.host()).isEqualTo("0.0.0.0");
        assertThat(tls.port()).isEqualTo(9015);
        assertThat(tls.certFile()).isEqualTo(certs.serverCert());
        assertThat(tls.clientCaFile()).isEqualTo(certs.caCert());
        assertThat(tls.needClientAuth()).isTrue();
        assertThat(config.proxyPlaintextEnabled()).isFalse();
    }

    @Test
    void listsEveryTlsProblemAtOnceNamingItsKey() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Map<String, String> values = with("proxy.tls.enabled", "true",
                "proxy.tls.cert-file", missing.toString(),
                "proxy.tls.client-auth", "want",
                "proxy.tls.port", "9012");

        assertThatThrownBy(() -> PipelineConfigTest.read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration (4 problems):")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "proxy.tls.client-auth: 'want' is not one of none, need",
                        "proxy.tls.cert-file: " + missing + ": cannot be read (" + missing + ")",
                        "proxy.tls.key-file: missing (the key of proxy.tls.cert-file, a PEM file)",
                        "proxy.tls.port: 9012 is the proxy.port too; give each its own port "
                                + "(or set proxy.plaintext.enabled=false)"));
    }

    @Test
    void aKeyThatDoesNotGoWithTheCertificateIsRefusedAtStart() throws IOException {
        Map<String, String> values = tls("proxy.tls.key-file", certs.clientKey().toString());

        assertThatThrownBy(() -> PipelineConfigTest.read(values))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "proxy.tls.key-file: " + certs.clientKey() + ": the key does not go with the certificate of "
                                + certs.serverCert()));
    }

    @Test
    void clientAuthNeedWantsTheClientCaAndACertificateIsNotAKey() throws IOException {
        Map<String, String> values = tls("proxy.tls.client-ca-file", "",
                "proxy.tls.key-file", certs.serverCert().toString());

        assertThatThrownBy(() -> PipelineConfigTest.read(values))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "proxy.tls.key-file: " + certs.serverCert()
                                + ": no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)",
                        "proxy.tls.client-ca-file: missing (proxy.tls.client-auth=need checks client certificates "
                                + "against these CAs, a PEM file)"));
    }

    @Test
    void turningThePlaintextListenerOffNeedsTheTlsOne() throws IOException {
        Map<String, String> values = with("proxy.plaintext.enabled", "false");

        assertThatThrownBy(() -> PipelineConfigTest.read(values))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "proxy.plaintext.enabled: false, and proxy.tls.enabled is false too: the proxy would take no "
                                + "events; enable one of them"));
    }

    @Test
    void clientAuthNoneNeedsNoClientCa() throws IOException {
        PipelineConfig config = PipelineConfigTest.read(tls("proxy.tls.client-auth", "none", "proxy.tls.client-ca-file", ""));

        assertThat(config.proxyTls().needClientAuth()).isFalse();
    }

    @Test
    void theTlsPortMustDifferFromTheManagementPort() throws IOException {
        Map<String, String> values = tls("proxy.tls.port", "9013");

        assertThatThrownBy(() -> PipelineConfigTest.read(values))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "proxy.tls.port: 9013 is the management.port too; give each its own port"));
    }
}
