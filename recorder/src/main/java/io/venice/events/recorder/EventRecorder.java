package io.venice.events.recorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.tls.PemTls;
import org.apache.camel.CamelContext;

/**
 * Records events for one event source and sends them to the proxy:
 * <pre>{@code
 * try (EventRecorder recorder = EventRecorder.create(new EventSource("linkmgr", "leaf1"),
 *         List.of("LINK_UP", "LINK_DOWN"), "tcp://127.0.0.1:9012")) {
 *     recorder.event("LINK_DOWN", Severity.WARN, "port eth1 down", ObjectRef.of("Port", "eth1"));
 * }
 * }</pre>
 * <ul>
 *   <li>{@link #event} waits at most the send timeout (default 100 ms) for the proxy's acknowledgement.</li>
 *   <li>An event the proxy does not acknowledge (refused, timed out, busy) is appended to the backup
 *       directory and replayed in order once the proxy answers again; while a backlog exists, new events
 *       queue behind it. Backup files left by an earlier process are replayed too.</li>
 *   <li>Each event gets its uuid and timestamps at record time, so a replay keeps its identity and the
 *       proxy does not count it twice.</li>
 *   <li>Bad input (unknown type, null severity, blank message) throws {@link InvalidEventException};
 *       nothing else is affected.</li>
 *   <li>Thread-safe. {@link #close()} gives the backlog one more replay (waiting at most the send timeout
 *       × 10), then releases everything; what is left stays on disk for next time. It is idempotent.</li>
 * </ul>
 * Over TLS (the proxy's {@code proxy.tls.*} listener), the URL is {@code tls://host:port}; the builder takes the CA
 * that issued the proxy's certificate and, when the proxy asks for one ({@code proxy.tls.client-auth=need}), the
 * service's certificate and key:
 * <pre>{@code
 * EventRecorder.builder(source, types, "tls://events.example:9015")
 *         .trustedCaFile(Path.of("/etc/venice-events/ca.pem"))
 *         .clientCertificate(Path.of("/etc/linkmgr/cert.pem"), Path.of("/etc/linkmgr/key.pem"))
 *         .build();
 * }</pre>
 * A service's tests use {@link FakeEventRecorder} instead: same validation, no proxy, what was recorded kept.
 */
public interface EventRecorder extends AutoCloseable {

    /** A recorder with the defaults: backup in {@code ~/.venice-events/backup}, 100 ms send timeout. */
    static EventRecorder create(EventSource source, List<String> eventTypes, String proxyUrl) {
        return builder(source, eventTypes, proxyUrl).build();
    }

    static Builder builder(EventSource source, List<String> eventTypes, String proxyUrl) {
        return new Builder(source, eventTypes, proxyUrl);
    }

    /**
     * Records one event. Returns once the proxy acknowledged it, or once it is safely in the backup.
     *
     * @param ref the object the event is about; may be null
     * @throws InvalidEventException for a type not in this recorder's list, a null severity or a blank message
     * @throws IllegalStateException after {@link #close()}
     */
    Recorded event(String type, Severity severity, String message, ObjectRef ref);

    /** Whether events are waiting in the backup. */
    boolean hasBacklog();

    /** Events dropped from the backup because it reached its size limit (each drop is logged as an ERROR). */
    long droppedEvents();

    /** Releases the recorder; idempotent. Never throws. */
    @Override
    void close();

    /** The settings of a recorder sending to a proxy; each but the first three has a default. */
    final class Builder {
        EventSource source;
        final List<String> eventTypes;
        final ProxyAddress proxy;
        Path backupDir = Path.of(System.getProperty("user.home"), ".venice-events", "backup");
        Duration sendTimeout = Duration.ofMillis(100);
        Duration replayInterval = Duration.ofSeconds(1);
        int replayBatchSize = 100;
        long maxBackupBytes = 256L * 1024 * 1024;
        CamelContext camel;
        Clock clock = Clock.systemUTC();
        Path trustedCaFile;
        Path clientCertFile;
        Path clientKeyFile;
        boolean hostnameVerification = true;

        private Builder(EventSource source, List<String> eventTypes, String proxyUrl) {
            EventFactory.checkSettings(source, eventTypes);
            this.source = source;
            this.eventTypes = List.copyOf(eventTypes);
            this.proxy = ProxyAddress.parse(proxyUrl);
        }

        /** Where unacknowledged events wait (default {@code ~/.venice-events/backup}); created when missing. */
        public Builder backupDir(Path dir) {
            this.backupDir = Objects.requireNonNull(dir, "backupDir");
            return this;
        }

        /** Longest wait for the proxy's acknowledgement (default 100 ms). */
        public Builder sendTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("send timeout must be positive");
            }
            this.sendTimeout = timeout;
            return this;
        }

        /** How often the backlog is tried again (default 1 s). */
        public Builder replayInterval(Duration interval) {
            if (interval == null || interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("replay interval must be positive");
            }
            this.replayInterval = interval;
            return this;
        }

        /** Events per EventList when replaying (default 100). */
        public Builder replayBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("replay batch size must be 1 or more");
            }
            this.replayBatchSize = size;
            return this;
        }

        /** Most bytes kept in the backup (default 256 MiB); past it the oldest backlog is dropped and logged. */
        public Builder maxBackupBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("max backup bytes must be at least 1024");
            }
            this.maxBackupBytes = bytes;
            return this;
        }

        /** Runs inside an application's own CamelContext (started by it) instead of a private one. */
        public Builder camelContext(CamelContext context) {
            this.camel = context;
            return this;
        }

        /** The node name of every event (default: the source's). */
        public Builder nodeName(String nodeName) {
            this.source = source.withNodeName(nodeName);
            return this;
        }

        /** Time of record (tests pass a fixed clock). */
        public Builder clock(Clock recordClock) {
            this.clock = Objects.requireNonNull(recordClock, "clock");
            return this;
        }

        /**
         * With a {@code tls://} proxy: the CAs (a PEM bundle) whose certificates the proxy's is checked against
         * (default: the JVM's trust store).
         */
        public Builder trustedCaFile(Path caFile) {
            this.trustedCaFile = Objects.requireNonNull(caFile, "caFile");
            return this;
        }

        /**
         * With a {@code tls://} proxy: the certificate (PEM, its chain may follow) and its key (PEM, unencrypted
         * PKCS#8) presented when the proxy asks for one ({@code proxy.tls.client-auth=need}).
         */
        public Builder clientCertificate(Path certFile, Path keyFile) {
            this.clientCertFile = Objects.requireNonNull(certFile, "certFile");
            this.clientKeyFile = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        /**
         * With a {@code tls://} proxy: whether the proxy's certificate must name the URL's host (default true;
         * false only for a proxy reached by an address its certificate does not name).
         */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the backup directory is unusable (e.g. a regular file), when
         *         TLS options are given for a {@code tcp://} proxy, or when a TLS file cannot be used (naming it)
         */
        public EventRecorder build() {
            BackupStore.check(backupDir);
            if (!proxy.tls() && (trustedCaFile != null || clientCertFile != null || !hostnameVerification)) {
                throw new IllegalArgumentException("TLS options are for a tls://host:port proxy URL, not " + proxy);
            }
            SSLContext tls = proxy.tls() ? PemTls.client(trustedCaFile, clientCertFile, clientKeyFile, proxy.host(),
                    proxy.port(), hostnameVerification) : null;
            try {
                return new ProxyEventRecorder(this, tls);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the recorder: " + e.getMessage(), e);
            }
        }
    }
}
