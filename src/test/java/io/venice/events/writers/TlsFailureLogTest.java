package io.venice.events.writers;

import java.net.SocketException;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.venice.events.testing.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the one ERROR line says for each way a TLS connection fails, and that it is not repeated at every retry. */
class TlsFailureLogTest {

    final TlsFailureLog syslog = new TlsFailureLog("syslog", "tls://siem.example:6514", "writers.syslog.tls.",
            Path.of("/etc/ca.pem"));

    static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void namesTheProblemAndTheKeyToLookAt() {
        assertThat(syslog.explain(handshake("PKIX path building failed", new CertPathValidatorException("no path"))))
                .hasValueSatisfying(text -> assertThat(text).startsWith("its certificate is not trusted: it is not "
                        + "signed by a CA of writers.syslog.tls.ca-file (/etc/ca.pem)"));
        assertThat(syslog.explain(handshake("x", new CertificateException("No subject alternative DNS name matching siem.example found."))))
                .hasValueSatisfying(text -> assertThat(text).startsWith("its certificate does not name the host connected to")
                        .endsWith("or set writers.syslog.tls.verify-hostname=false"));
        assertThat(syslog.explain(handshake("x", new CertificateExpiredException("NotAfter: ..."))))
                .hasValueSatisfying(text -> assertThat(text).startsWith("its certificate has expired"));
        assertThat(syslog.explain(handshake("Received fatal alert: certificate_required", null)))
                .hasValueSatisfying(text -> assertThat(text).contains("set writers.syslog.tls.cert-file and writers.syslog.tls.key-file"));
        assertThat(new TlsFailureLog("venice", "https://venice.example/events", "writers.venice.tls.", null)
                .explain(new SSLPeerUnverifiedException("Certificate for <venice.example> doesn't match any of the subject alternative names: [other]")))
                .hasValueSatisfying(text -> assertThat(text).startsWith("its certificate does not name the host connected to")
                        .doesNotContain("verify-hostname"));
        assertThat(syslog.explain(new SocketException("Connection refused"))).as("not TLS").isEmpty();
    }

    @Test
    void logsOnceWhenFailuresStartAndAgainOnlyWhenTheReasonChanges() throws Exception {
        try (LogCapture log = LogCapture.start(); DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange untrusted = new DefaultExchange(camel);
            untrusted.setException(handshake("PKIX path building failed", new CertPathValidatorException("no path")));
            syslog.attemptFailed(untrusted, true);
            syslog.attemptFailed(untrusted, false);
            syslog.attemptFailed(untrusted, false);
            Exchange reset = new DefaultExchange(camel);
            reset.setException(new SocketException("Connection reset"));
            syslog.attemptFailed(reset, false, false);
            syslog.attemptFailed(reset, false, true);
            syslog.attemptFailed(reset, false, true);

            assertThat(log.lines().stream().filter(l -> l.startsWith("ERROR ")).toList()).containsExactly(
                    "ERROR The syslog writer cannot connect to tls://siem.example:6514 over TLS: its certificate is not "
                            + "trusted: it is not signed by a CA of writers.syslog.tls.ca-file (/etc/ca.pem) (no path); "
                            + "retrying with backoff (nothing is lost: the events wait in the store)",
                    "ERROR The syslog writer cannot connect to tls://siem.example:6514 over TLS: it closes the connection "
                            + "right after the TLS handshake (java.net.SocketException: Connection reset): it wants a client "
                            + "certificate it trusts (set writers.syslog.tls.cert-file and writers.syslog.tls.key-file), or "
                            + "refused ours; its own log says which; retrying with backoff (nothing is lost: the events "
                            + "wait in the store)");
        }
    }
}
