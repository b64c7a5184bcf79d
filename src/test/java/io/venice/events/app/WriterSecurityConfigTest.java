package io.venice.events.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.venice.events.testing.TestCertificates;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS, credential and header keys of the Venice and syslog writers: read, checked at start, every problem at once. */
class WriterSecurityConfigTest {

    static final String TOKEN = "s3cr3t-t0ken-value";

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir.resolve("certs"));
    }

    static PipelineConfig read(Map<String, String> values, Map<String, String> environment) {
        return PipelineConfig.from(key -> Optional.ofNullable(values.get(key)),
                name -> Optional.ofNullable(environment.get(name)));
    }

    static PipelineConfig read(Map<String, String> values) {
        return read(values, Map.of());
    }

    @Test
    void readsATlsSyslogTargetWithItsFilesAndBuildsItsEndpointWithTheContextAsABean() throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        assertThat(read(values).syslogTls()).isEqualTo(TlsFiles.DEFAULTS);
        values.put("writers.syslog.target", "tls://127.0.0.1:6514");
        values.put("writers.syslog.tls.ca-file", certs.caCert().toString());
        values.put("writers.syslog.tls.cert-file", certs.clientCert().toString());
        values.put("writers.syslog.tls.key-file", certs.clientKey().toString());
        values.put("writers.syslog.tls.verify-hostname", "false");

        PipelineConfig config = read(values);

        assertThat(config.syslogTarget()).isEqualTo(new SyslogTarget("tls", "127.0.0.1", 6514));
        assertThat(config.syslogTarget().isTcp()).as("framed and confirmed as TCP is").isTrue();
        assertThat(config.syslogTls()).isEqualTo(new TlsFiles(certs.caCert(), certs.clientCert(), certs.clientKey(), false));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            String uri = SyslogEndpoint.create(camel, "policyA", config.syslogTarget(), config.syslogTls(), "policyAWatch");
            assertThat(uri).isEqualTo("netty:tcp://127.0.0.1:6514?sync=false&producerPoolEnabled=false"
                    + "&encoders=#byteArrayEncoder&decoders=#policyAWatch&ssl=true&sslContextParameters=#policyATls");
            assertThat(camel.getRegistry().lookupByNameAndType("policyATls", SSLContextParameters.class)).isNotNull();
        }
    }

    @Test
    void reportsEveryTlsFileProblemAtStartWithItsKey() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Map<String, String> values = PipelineConfigTest.shipped();
        values.put("writers.syslog.target", "tls://127.0.0.1:6514");
        values.put("writers.syslog.tls.ca-file", dir.resolve("missing-ca.pem").toString());
        values.put("writers.syslog.tls.cert-file", garbage.toString());
        values.put("writers.syslog.tls.key-file", certs.clientCert().toString());
        values.put("writers.syslog.tls.verify-hostname", "maybe");
        values.put("writers.venice.url", "https://venice.example:8443/events/v1/events");
        values.put("writers.venice.tls.ca-file", garbage.toString());
        values.put("writers.venice.tls.cert-file", certs.clientCert().toString());
        values.put("writers.venice.tls.key-file", certs.serverKey().toString());

        assertThatThrownBy(() -> read(values)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration (6 problems):")
                .hasMessageContaining("writers.syslog.tls.ca-file: " + dir.resolve("missing-ca.pem") + ": no such file")
                .hasMessageContaining("writers.syslog.tls.cert-file: " + garbage + ": not a PEM certificate file")
                .hasMessageContaining("writers.syslog.tls.key-file: " + certs.clientCert() + ": no PEM private key in it")
                .hasMessageContaining("writers.syslog.tls.verify-hostname: 'maybe' is not true or false")
                .hasMessageContaining("writers.venice.tls.ca-file: " + garbage + ": not a PEM certificate file")
                .hasMessageContaining("writers.venice.tls.key-file: " + certs.serverKey()
                        + ": the key does not go with the certificate of " + certs.clientCert());
    }

    @Test
    void refusesHalfAClientCertificateAndTlsFilesForAPlaintextTarget() throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        values.put("writers.syslog.enabled", "true");
        values.put("writers.syslog.target", "tcp://siem.example:514");
        values.put("writers.syslog.tls.cert-file", certs.clientCert().toString());
        values.put("writers.venice.tls.ca-file", certs.caCert().toString());

        assertThatThrownBy(() -> read(values))
                .hasMessageContaining("writers.syslog.tls.key-file: missing: a client certificate needs both "
                        + "writers.syslog.tls.cert-file and writers.syslog.tls.key-file")
                .hasMessageContaining("writers.syslog.tls.*: TLS files are set but writers.syslog.target is "
                        + "tcp://siem.example:514: use tls://siem.example:514")
                .hasMessageContaining("writers.venice.tls.*: TLS files are set but writers.venice.url is "
                        + "http://127.0.0.1:9080/events/v1/events: use an https:// URL");
    }

    @Test
    void aUrlWithCredentialsIsRefusedAtStartWithoutShowingThem() throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        values.put("writers.venice.url", "https://svc:" + TOKEN + "@venice.example/events/v1/events");

        assertThatThrownBy(() -> read(values))
                .hasMessageContaining("writers.venice.url: a user or password in the URL is not sent (the HTTP client "
                        + "refuses it); set writers.venice.username with writers.venice.password-file or "
                        + "writers.venice.password-env")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void withTheSyslogWriterOffItsTlsFilesServeEventPolicyTargetsWhateverItsTarget() throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        values.put("writers.syslog.enabled", "false");
        values.put("writers.syslog.target", "udp://127.0.0.1:514");
        values.put("writers.syslog.tls.ca-file", certs.caCert().toString());

        assertThat(read(values).syslogTls().caFile()).isEqualTo(certs.caCert());
    }

    @Test
    void readsABearerTokenFromAFileOrTheEnvironmentAndNeverShowsIt() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Map<String, String> values = PipelineConfigTest.shipped();
        assertThat(read(values).veniceCredentials()).isNull();

        values.put("writers.venice.token-file", tokenFile.toString());
        PipelineConfig fromFile = read(values);
        assertThat(fromFile.veniceCredentials().authorization().reveal()).isEqualTo("Bearer " + TOKEN);
        assertThat(fromFile.toString()).doesNotContain(TOKEN);

        values.remove("writers.venice.token-file");
        values.put("writers.venice.token-env", "VENICE_TOKEN");
        assertThat(read(values, Map.of("VENICE_TOKEN", TOKEN)).veniceCredentials().authorization().reveal())
                .isEqualTo("Bearer " + TOKEN);
        assertThatThrownBy(() -> read(values, Map.of()))
                .hasMessageContaining("writers.venice.token-env: the environment variable VENICE_TOKEN is not set");
        assertThatThrownBy(() -> read(values, Map.of("VENICE_TOKEN", TOKEN + "\r\nX-Injected: 1")))
                .hasMessageContaining("writers.venice.token-env: the secret has characters an HTTP header cannot carry")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void readsBasicCredentialsAndRefusesMixedOrHalfCredentials() throws IOException {
        Path passwordFile = Files.writeString(dir.resolve("password"), "pa55word");
        Map<String, String> values = PipelineConfigTest.shipped();
        values.put("writers.venice.username", "events");
        values.put("writers.venice.password-file", passwordFile.toString());
        assertThat(read(values).veniceCredentials().authorization().reveal()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("events:pa55word".getBytes(StandardCharsets.UTF_8)));

        values.put("writers.venice.password-env", "VENICE_PASSWORD");
        assertThatThrownBy(() -> read(values, Map.of("VENICE_PASSWORD", "x")))
                .hasMessageContaining("writers.venice.password-file and writers.venice.password-env: both set; give one");

        Map<String, String> half = PipelineConfigTest.shipped();
        half.put("writers.venice.username", "events");
        assertThatThrownBy(() -> read(half)).hasMessageContaining(
                "writers.venice.password-file: missing: writers.venice.username needs password-file or password-env");

        Map<String, String> both = PipelineConfigTest.shipped();
        both.put("writers.venice.username", "events");
        both.put("writers.venice.password-file", passwordFile.toString());
        both.put("writers.venice.token-env", "VENICE_TOKEN");
        assertThatThrownBy(() -> read(both, Map.of("VENICE_TOKEN", TOKEN))).hasMessageContaining(
                "Venice takes a bearer token or basic credentials, not both");

        Map<String, String> missing = PipelineConfigTest.shipped();
        missing.put("writers.venice.token-file", dir.resolve("no-token").toString());
        assertThatThrownBy(() -> read(missing)).hasMessageContaining(
                "writers.venice.token-file: " + dir.resolve("no-token") + ": no such file");
    }

    @Test
    void parsesExtraHeadersAndNamesWhatIsWrongWithThem() throws IOException {
        Map<String, String> values = PipelineConfigTest.shipped();
        assertThat(read(values).veniceHeaders()).isEmpty();
        values.put("writers.venice.headers", "X-Tenant: blue;  X-Source : lab-7 ; ");
        assertThat(read(values).veniceHeaders()).containsExactly(Map.entry("X-Tenant", "blue"), Map.entry("X-Source", "lab-7"));

        for (var bad : Map.of(
                "X-Tenant blue", "'X-Tenant blue' is not Name: value (pairs are separated by ;)",
                "X Tenant: blue", "'X Tenant' is not an HTTP header name",
                "Authorization: Bearer x", "Authorization is set by the writer from writers.venice.token-*",
                "Content-Type: text/plain", "Content-Type is set by the writer",
                "X-A: 1; x-a: 2", "x-a is given twice",
                "X-A: café", "the value of X-A must be printable ASCII").entrySet()) {
            values.put("writers.venice.headers", bad.getKey());
            assertThatThrownBy(() -> read(values)).hasMessageContaining("writers.venice.headers: " + bad.getValue());
        }
    }
}
