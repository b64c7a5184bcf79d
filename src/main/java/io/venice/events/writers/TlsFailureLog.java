package io.venice.events.writers;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one ERROR line why a writer's TLS connection failed, in the operator's terms (the collector's certificate
 * is not trusted, names another host, has expired; the peer wants a client certificate or refused ours), naming the
 * keys to look at. Logged when failures start and when the reason changes, not at every retry.
 */
public final class TlsFailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFailureLog.class);

    private final String writer;
    private final String peer;
    private final String keyPrefix;
    private final java.nio.file.Path caFile;
    private volatile String lastLogged;

    /**
     * @param peer      the destination as configured (e.g. {@code tls://siem.example:6514})
     * @param keyPrefix the writer's TLS keys (e.g. {@code writers.syslog.tls.})
     * @param caFile    the CA file trusted ({@code <keyPrefix>ca-file}), null for the JVM's trust store
     */
    public TlsFailureLog(String writer, String peer, String keyPrefix, java.nio.file.Path caFile) {
        this.writer = writer;
        this.peer = peer;
        this.keyPrefix = keyPrefix;
        this.caFile = caFile;
    }

    /**
     * A delivery attempt failed: logs the TLS problem behind it, if it is one, when {@code failuresStart} (the
     * destination was reachable until now) or the problem is not the one logged last.
     */
    public void attemptFailed(Exchange exchange, boolean failuresStart) {
        attemptFailed(exchange, failuresStart, false);
    }

    /**
     * As {@link #attemptFailed(Exchange, boolean)}; {@code refusedAfterHandshake}: the peer closed a connection
     * during or right after its TLS handshake, so an attempt that failed with another error (a reset) was refused.
     */
    public void attemptFailed(Exchange exchange, boolean failuresStart, boolean refusedAfterHandshake) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Optional<String> problem = explain(error);
        if (problem.isEmpty() && refusedAfterHandshake && has(error, java.io.IOException.class)) {
            problem = Optional.of("it closes the connection right after the TLS handshake (" + error + "): it wants "
                    + "a client certificate it trusts (set " + keyPrefix + "cert-file and " + keyPrefix + "key-file), "
                    + "or refused ours; its own log says which");
        }
        if (problem.isEmpty()) {
            return;
        }
        if (failuresStart || !problem.get().equals(lastLogged)) {
            lastLogged = problem.get();
            LOG.error("The {} writer cannot connect to {} over TLS: {}; retrying with backoff (nothing is lost: the "
                    + "events wait in the store)", writer, peer, problem.get());
        }
    }

    /** What went wrong, if {@code error} is (caused by) a TLS failure. */
    Optional<String> explain(Throwable error) {
        SSLException tls = null;
        Throwable innermost = null;
        for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SSLException ssl && tls == null) {
                tls = ssl;
            }
            innermost = t;
        }
        if (tls == null) {
            return Optional.empty();
        }
        String detail = String.valueOf(tls.getMessage());
        String inner = innermost == null ? detail : String.valueOf(innermost.getMessage());
        if (has(tls, CertificateExpiredException.class)) {
            return Optional.of("its certificate has expired (" + inner + ")");
        }
        if (has(tls, CertificateNotYetValidException.class)) {
            return Optional.of("its certificate is not valid yet: is this machine's clock right? (" + inner + ")");
        }
        if (inner.contains("No subject alternative") || inner.contains("No name matching")
                || inner.contains("doesn't match any of the subject alternative names")) { // the JDK's, Apache HttpClient's
            return Optional.of("its certificate does not name the host connected to (" + inner + "): connect by a name "
                    + "the certificate has" + (keyPrefix.startsWith("writers.syslog") ? ", or set " + keyPrefix
                    + "verify-hostname=false" : ""));
        }
        if (has(tls, CertPathValidatorException.class) || detail.contains("PKIX path")) {
            return Optional.of("its certificate is not trusted: it is not signed by a CA of " + (caFile == null
                    ? "the JVM's trust store (" + keyPrefix + "ca-file is empty)"
                    : keyPrefix + "ca-file (" + caFile + ")") + " (" + inner + ")");
        }
        if (detail.contains("certificate_required") || detail.contains("bad_certificate")
                || detail.contains("unknown_ca") || detail.contains("access_denied")) {
            return Optional.of("it refused the connection for want of a client certificate it accepts: set "
                    + keyPrefix + "cert-file and " + keyPrefix + "key-file to one it trusts (" + detail + ")");
        }
        return Optional.of((tls instanceof SSLHandshakeException ? "the TLS handshake failed (" : "TLS failed (")
                + detail + ")");
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
