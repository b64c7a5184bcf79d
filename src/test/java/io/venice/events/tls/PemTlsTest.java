package io.venice.events.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.venice.events.testing.TestCertificates;

class PemTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir.resolve("certs"));
    }

    @Test
    void aClientTrustingTheCaTalksToItsServerAndPresentsItsCertificateWhenAsked() throws Exception {
        SSLContext server = PemTls.server(certs.serverCert(), certs.serverKey(), certs.caCert());
        SSLContext client = PemTls.client(certs.caCert(), certs.clientCert(), certs.clientKey(), "localhost", 0, true);

        assertThat(exchange(server, true, client, "localhost")).isEqualTo("CN=test-client");
    }

    @Test
    void aServerOfAnotherCaIsRefused() throws Exception {
        SSLContext server = PemTls.server(certs.untrustedServerCert(), certs.untrustedServerKey(), null);
        SSLContext client = PemTls.client(certs.caCert(), null, null, "localhost", 0, true);

        assertThatThrownBy(() -> exchange(server, false, client, "localhost")).isInstanceOf(SSLException.class);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnlessHostnameVerificationIsOff() throws Exception {
        SSLContext server = PemTls.server(certs.wrongHostServerCert(), certs.wrongHostServerKey(), null);

        assertThatThrownBy(() -> exchange(server, false,
                PemTls.client(certs.caCert(), null, null, "localhost", 0, true), "localhost"))
                .isInstanceOf(SSLException.class);
        assertThat(exchange(server, false, PemTls.client(certs.caCert(), null, null, "localhost", 0, false),
                "localhost")).isEqualTo("no client certificate");
    }

    @Test
    void aServerRequiringClientCertificatesRefusesAClientWithout() throws Exception {
        SSLContext server = PemTls.server(certs.serverCert(), certs.serverKey(), certs.caCert());
        SSLContext client = PemTls.client(certs.caCert(), null, null, "localhost", 0, true);

        assertThatThrownBy(() -> exchange(server, true, client, "localhost")).isInstanceOf(IOException.class);
    }

    @Test
    void filesThatAreNotPemSayWhatIsWrongWithThem() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemTls.client(garbage, null, null, "localhost", 1, true))
                .hasMessageStartingWith(garbage + ": ");
        assertThatThrownBy(() -> PemTls.client(dir.resolve("missing.pem"), null, null, "localhost", 1, true))
                .hasMessageContaining("missing.pem: cannot be read");
        assertThatThrownBy(() -> PemTls.server(certs.serverCert(), garbage, null))
                .hasMessage(garbage + ": no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
        assertThatThrownBy(() -> PemTls.server(certs.serverCert(), pkcs1, null))
                .hasMessageContaining("a RSA key; venice-events reads unencrypted PKCS#8 keys: convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in rsa.pem -out key.pem'");
        assertThatThrownBy(() -> PemTls.server(certs.serverCert(), certs.clientKey(), null))
                .hasMessageContaining("the key does not go with the certificate");
        assertThatThrownBy(() -> PemTls.client(null, certs.clientCert(), null, "localhost", 1, true))
                .hasMessage("a certificate needs its key and a key its certificate: give both files");
    }

    /** One handshake through real sockets; the server answers the client certificate's subject it saw. */
    private static String exchange(SSLContext server, boolean needClientAuth, SSLContext client, String host)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            if (needClientAuth) {
                listener.setNeedClientAuth(true);
            } else {
                listener.setWantClientAuth(true);
            }
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept(); OutputStream out = accepted.getOutputStream()) {
                    accepted.startHandshake();
                    String peer;
                    try {
                        peer = accepted.getSession().getPeerPrincipal().getName();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                        peer = "no client certificate";
                    }
                    out.write((peer + "\n").getBytes());
                } catch (IOException ignored) {
                    // the client sees the failed handshake
                }
            });
            javax.net.ssl.SSLEngine engine = client.createSSLEngine();
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(host, listener.getLocalPort())) {
                socket.setSSLParameters(engine.getSSLParameters());
                socket.setSoTimeout(5000);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                String reply = new String(in.readAllBytes()).trim();
                if (reply.isEmpty()) {
                    throw new SSLException("the server closed the connection");
                }
                return reply;
            } finally {
                served.get(5, TimeUnit.SECONDS);
            }
        }
    }
}
