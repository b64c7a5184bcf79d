package io.venice.events.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A private rsyslogd on a free loopback port, writing every message it parses to a JSON-lines file
 * that {@link #awaitMessages} reads back as {@link ReceivedSyslog} records.
 *
 * <p>The config loads only imudp or imtcp (no imuxsock/imklog), binds inputs to their own ruleset so
 * rsyslogd's internal messages go to {@code rsyslogd-internal.log} instead, and runs with {@code TZ=UTC}
 * so BSD timestamps (which carry no zone) read back in UTC. imtcp accepts RFC 6587 octet-counted and
 * newline-delimited framing on the same connection ({@code supportOctetCountedFraming} is on by default;
 * the config says so explicitly). rsyslogd's stdout/stderr go to {@code rsyslogd.out}.
 *
 * <p>Readiness: {@link #start} sends probe messages (APP-NAME {@value #PROBE_APP_NAME}) until one
 * appears in the output file, so the input is bound and the file action works; probes are never returned.
 *
 * <p>TLS ({@link #start(Path, TlsInput)}, RFC 5425): imtcp with rsyslog-gnutls' {@code gtls} driver, the
 * certificates of a {@link TlsInput}, anonymous clients or client certificates required; the probes go over TLS.
 *
 * <p>A collector that goes away and comes back: {@link #stop()} ends rsyslogd (SIGTERM: it closes its
 * connections and writes what it has), {@link #restart()} starts it again on the same port, appending to the
 * same output file, so {@link #messages()} covers both runs.
 */
public final class RsyslogServer implements AutoCloseable {

    /** How the server receives messages. */
    public enum Transport { UDP, TCP, TLS }

    /**
     * A TLS input (imtcp with rsyslog-gnutls' {@code gtls} driver, RFC 5425): the server's certificate and key, the
     * CA that client certificates must chain to, and with {@code permittedPeer} mutual TLS (AuthMode
     * {@code x509/name}: a client certificate of that name is required); without it AuthMode {@code anon} (no client
     * certificate asked). The readiness probe trusts {@code probeTrust} and, for mutual TLS, presents
     * {@code probeCert}/{@code probeKey}.
     */
    public record TlsInput(Path caFile, Path certFile, Path keyFile, String permittedPeer, Path probeTrust,
                           Path probeCert, Path probeKey) {

        /** The server certificate of {@code certs} (localhost, 127.0.0.1, signed by the test CA); no client certificate. */
        public static TlsInput anonymous(TestCertificates certs) {
            return new TlsInput(certs.caCert(), certs.serverCert(), certs.serverKey(), null, certs.caCert(), null, null);
        }

        /** As {@link #anonymous}, and a client certificate signed by the test CA and named test-client is required. */
        public static TlsInput clientCertificateRequired(TestCertificates certs) {
            return new TlsInput(certs.caCert(), certs.serverCert(), certs.serverKey(), "test-client", certs.caCert(),
                    certs.clientCert(), certs.clientKey());
        }

        /** A server certificate for localhost signed by a CA nobody trusts. */
        public static TlsInput untrusted(TestCertificates certs) {
            return new TlsInput(certs.caCert(), certs.untrustedServerCert(), certs.untrustedServerKey(), null,
                    certs.otherCa(), null, null);
        }

        /** A server certificate signed by the test CA, for elsewhere.example (not for localhost or 127.0.0.1). */
        public static TlsInput wrongHost(TestCertificates certs) {
            return new TlsInput(certs.caCert(), certs.wrongHostServerCert(), certs.wrongHostServerKey(), null,
                    certs.caCert(), null, null);
        }
    }

    /** APP-NAME of the readiness probes; records with it are left out of the results. */
    public static final String PROBE_APP_NAME = "rsyslog-server-probe";

    private static final Path DEFAULT_BINARY = Path.of("/usr/sbin/rsyslogd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 25;
    private static final int PORT_ATTEMPTS = 3;
    /** What imtcp and imudp log when the port is taken; rsyslogd then runs on without the input. */
    private static final Pattern BIND_FAILED = Pattern.compile("Could not create (tcp|udp) listener");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private volatile Process process;
    private final Transport transport;
    private final TlsInput tls;
    private final int port;
    private final Path workDir;
    private final Path output;
    private final Path binary;
    private int runs = 1;

    private RsyslogServer(Path binary, Process process, Transport transport, TlsInput tls, int port, Path workDir) {
        this.binary = binary;
        this.process = process;
        this.transport = transport;
        this.tls = tls;
        this.port = port;
        this.workDir = workDir;
        this.output = workDir.resolve("received.jsonl");
    }

    /** What a test without rsyslogd says. */
    public static final String INSTALL_HINT = "rsyslogd not installed: apt-get install -y rsyslog";

    /** What a TLS test without rsyslog's TLS driver says. */
    public static final String TLS_INSTALL_HINT = "rsyslog's gtls driver not installed: apt-get install -y rsyslog-gnutls";

    /**
     * For a test's {@code @BeforeAll}: skips without rsyslogd on a workstation; on CI ({@code CI=true})
     * a missing rsyslogd fails the build, so the syslog tests cannot silently not run.
     */
    public static void requireOrSkip() {
        if ("true".equals(System.getenv("CI"))) {
            org.assertj.core.api.Assertions.assertThat(available()).as(INSTALL_HINT).isTrue();
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(available(), INSTALL_HINT);
        }
    }

    /** As {@link #requireOrSkip()}, for rsyslogd with its TLS driver (Debian's rsyslog-gnutls). */
    public static void requireTlsOrSkip() {
        requireOrSkip();
        if ("true".equals(System.getenv("CI"))) {
            org.assertj.core.api.Assertions.assertThat(tlsAvailable()).as(TLS_INSTALL_HINT).isTrue();
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(tlsAvailable(), TLS_INSTALL_HINT);
        }
    }

    /** Whether rsyslog's gtls network stream driver (lmnsd_gtls.so) is installed. */
    public static boolean tlsAvailable() {
        return Stream.of("/usr/lib/x86_64-linux-gnu/rsyslog", "/usr/lib/aarch64-linux-gnu/rsyslog", "/usr/lib/rsyslog",
                        "/usr/lib64/rsyslog")
                .anyMatch(dir -> Files.exists(Path.of(dir, "lmnsd_gtls.so")));
    }

    /** Whether rsyslogd is installed: on the PATH or at {@code /usr/sbin/rsyslogd}. */
    public static boolean available() {
        return binary().isPresent();
    }

    /**
     * Writes a config into {@code workDir}, checks it with {@code rsyslogd -N1}, starts
     * {@code rsyslogd -n} and waits until it has written a probe message it received.
     *
     * @throws IllegalStateException when rsyslogd is missing, rejects the config, dies or never gets ready;
     *                               the message includes rsyslogd's output
     */
    public static RsyslogServer start(Path workDir, Transport transport) throws IOException {
        if (transport == Transport.TLS) {
            throw new IllegalArgumentException("a TLS input needs its certificates: start(workDir, TlsInput)");
        }
        return start(workDir, transport, null);
    }

    /** As {@link #start(Path, Transport)}, with a TLS input (RFC 5425). */
    public static RsyslogServer start(Path workDir, TlsInput tls) throws IOException {
        return start(workDir, Transport.TLS, tls);
    }

    private static RsyslogServer start(Path workDir, Transport transport, TlsInput tls) throws IOException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "rsyslogd not installed: apt-get install -y rsyslog"));
        Path dir = Files.createDirectories(workDir).toAbsolutePath().normalize();
        for (int attempt = 1; ; attempt++) {
            try {
                return start(binary, dir, transport, tls);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** One start on a port that was free a moment ago; another process may grab it first. */
    private static RsyslogServer start(Path binary, Path dir, Transport transport, TlsInput tls) throws IOException {
        int port = freePort(transport);
        Path config = Files.writeString(dir.resolve("rsyslog.conf"), config(dir, transport, tls, port),
                StandardCharsets.UTF_8);
        checkConfig(binary, config, dir.resolve("rsyslogd-check.out"));
        Files.deleteIfExists(dir.resolve("received.jsonl"));
        Files.deleteIfExists(dir.resolve("rsyslogd-internal.log"));

        RsyslogServer server = new RsyslogServer(binary, launch(binary, dir, config), transport, tls, port, dir);
        try {
            server.awaitReady(0);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Process launch(Path binary, Path dir, Path config) throws IOException {
        // rsyslogd changes to / on start: every path it gets must be absolute.
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-n", "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile());
        builder.environment().put("TZ", "UTC");
        return builder.start();
    }

    /** Stops rsyslogd as {@link #close()} does; {@link #restart()} brings it back on the same port. */
    public void stop() {
        close();
    }

    /** Whether rsyslogd is running (it is between {@link #stop()} and {@link #restart()}: not). */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Starts rsyslogd again, after {@link #stop()}, on the same port and with the same config, appending to
     * the same output file; waits until it has received a new probe. The previous run's console output and
     * internal log are kept as {@code rsyslogd-<run>.out} and {@code rsyslogd-internal-<run>.log}. A port not
     * free yet (the old listener lingering) is tried again for a while.
     */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("rsyslogd is still running: stop() it first");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            keepPreviousRunFiles();
            int probesBefore = probes();
            process = launch(binary, workDir, workDir.resolve("rsyslog.conf"));
            try {
                awaitReady(probesBefore);
                return;
            } catch (PortTaken e) {
                close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    private void keepPreviousRunFiles() throws IOException {
        int run = runs++;
        for (String[] names : new String[][] {{"rsyslogd.out", "rsyslogd-" + run + ".out"},
                {"rsyslogd-internal.log", "rsyslogd-internal-" + run + ".log"}}) {
            Path file = workDir.resolve(names[0]);
            if (Files.exists(file)) {
                Files.move(file, workDir.resolve(names[1]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The messages written so far (probes excluded), in arrival order, over every run; without waiting. */
    public List<ReceivedSyslog> messages() {
        return received().stream().filter(m -> !PROBE_APP_NAME.equals(m.appName())).toList();
    }

    private int probes() {
        return (int) received().stream().filter(m -> PROBE_APP_NAME.equals(m.appName())).count();
    }

    /** The loopback address and port rsyslogd listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** The transport this server listens with. */
    public Transport transport() {
        return transport;
    }

    /**
     * Waits until at least {@code count} messages (probes excluded) have been written, polling the
     * output file, and returns all received so far in arrival order.
     *
     * @throws IllegalStateException when fewer arrive within the timeout or rsyslogd dies
     */
    public List<ReceivedSyslog> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedSyslog> messages = messages();
            if (messages.size() >= count) {
                return messages;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + count + " syslog message(s) within " + timeout
                        + " but rsyslogd wrote " + messages.size() + ": " + messages + diagnostics());
            }
            pause();
        }
    }

    /** rsyslogd's console output and internal log, for failure messages. */
    public String diagnostics() {
        return "\n--- rsyslogd.out ---\n" + readIfExists(workDir.resolve("rsyslogd.out"))
                + "\n--- rsyslogd-internal.log ---\n" + readIfExists(workDir.resolve("rsyslogd-internal.log"));
    }

    /** Stops rsyslogd (SIGTERM, then SIGKILL after 5 s) and waits until it has exited. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Every record in the output file so far, probes included; an incomplete last line is skipped. */
    private List<ReceivedSyslog> received() {
        String text = readIfExists(output);
        List<ReceivedSyslog> records = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            try {
                records.add(ReceivedSyslog.fromFields(JSON.readValue(text.substring(start, end), FIELDS)));
            } catch (IOException e) {
                throw new UncheckedIOException("rsyslogd wrote a line that is not JSON: "
                        + text.substring(start, end), e);
            }
        }
        return records;
    }

    /** Waits until more than {@code probesBefore} probes are in the output file (earlier runs wrote those). */
    private void awaitReady(int probesBefore) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long nextProbe = 0;
        while (probes() <= probesBefore) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited with " + process.exitValue() + diagnostics());
            }
            String diagnostics = diagnostics();
            if (BIND_FAILED.matcher(diagnostics).find()) {
                throw new PortTaken("rsyslogd could not bind " + transport + " port " + port + diagnostics);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rsyslogd did not receive a probe on " + transport + " port "
                        + port + " within " + START_TIMEOUT + diagnostics());
            }
            if (System.nanoTime() >= nextProbe) {
                sendProbe();
                nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            }
            pause();
        }
    }

    /** Sends one probe; a refused TCP connection just means rsyslogd is not listening yet. */
    private void sendProbe() {
        byte[] probe = ("<46>1 - - " + PROBE_APP_NAME + " - - - probe\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (transport == Transport.UDP) {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.send(new DatagramPacket(probe, probe.length, address()));
                }
            } else if (transport == Transport.TLS) {
                javax.net.ssl.SSLContext context = io.venice.events.tls.PemTls.client(tls.probeTrust(), tls.probeCert(),
                        tls.probeKey(), "127.0.0.1", port, false);
                try (Socket socket = context.getSocketFactory().createSocket(address().getAddress(), port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(probe);
                    out.flush();
                }
            } else {
                try (Socket socket = new Socket(address().getAddress(), port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(probe);
                    out.flush();
                }
            }
        } catch (IOException notListeningYet) {
            // try again on the next probe
        }
    }

    private static String config(Path dir, Transport transport, TlsInput tls, int port) {
        String tcpInput = "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"received\""
                + " supportOctetCountedFraming=\"on\")\n";
        String input = switch (transport) {
            case UDP -> "module(load=\"imudp\")\n"
                    + "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"received\")\n";
            case TCP -> "module(load=\"imtcp\")\n" + tcpInput;
            case TLS -> "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\""
                    + (tls.permittedPeer() == null ? "anon\"" : "x509/name\" permittedPeer=[\"" + tls.permittedPeer() + "\"]")
                    + ")\n" + tcpInput;
        };
        String tlsFiles = tls == null ? "" : " defaultNetstreamDriver=\"gtls\""
                + " defaultNetstreamDriverCAFile=\"" + quotable(tls.caFile().toAbsolutePath()) + "\""
                + " defaultNetstreamDriverCertFile=\"" + quotable(tls.certFile().toAbsolutePath()) + "\""
                + " defaultNetstreamDriverKeyFile=\"" + quotable(tls.keyFile().toAbsolutePath()) + "\"";
        return "# Written by RsyslogServer for one test; only the listed inputs are loaded.\n"
                + "global(workDirectory=\"" + quotable(dir) + "\" processInternalMessages=\"on\"" + tlsFiles + ")\n"
                + input
                + "template(name=\"received_jsonl\" type=\"list\" option.jsonf=\"on\") {\n"
                + ReceivedSyslog.TEMPLATE_PROPERTIES
                + "}\n"
                + "ruleset(name=\"received\") {\n"
                + "  action(type=\"omfile\" file=\"" + quotable(dir.resolve("received.jsonl"))
                + "\" template=\"received_jsonl\")\n"
                + "}\n"
                + "# rsyslogd's own messages (start, stop, bind errors) land in the default ruleset\n"
                + "action(type=\"omfile\" file=\"" + quotable(dir.resolve("rsyslogd-internal.log")) + "\")\n";
    }

    private static void checkConfig(Path binary, Path config, Path log) throws IOException {
        Process check = new ProcessBuilder(binary.toString(), "-N1", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!check.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                throw new IllegalStateException("rsyslogd -N1 did not finish: " + readIfExists(log));
            }
        } catch (InterruptedException e) {
            check.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the rsyslog config", e);
        }
        if (check.exitValue() != 0) {
            throw new IllegalStateException("rsyslogd rejected " + config + ":\n" + readIfExists(log));
        }
    }

    private static int freePort(Transport transport) throws IOException {
        // TLS listens on TCP
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (transport == Transport.UDP) {
            try (DatagramSocket socket = new DatagramSocket(0, loopback)) {
                return socket.getLocalPort();
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> binary() {
        String path = System.getenv("PATH");
        Stream<Path> onPath = path == null ? Stream.empty()
                : Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                        .map(s -> Path.of(s, "rsyslogd"));
        return Stream.concat(onPath, Stream.of(DEFAULT_BINARY)).filter(Files::isExecutable).findFirst();
    }

    private static String quotable(Path path) {
        String text = path.toString();
        if (text.contains("\"") || text.contains("\\")) {
            throw new IllegalArgumentException("rsyslog config paths cannot contain quotes or backslashes: " + text);
        }
        return text;
    }

    private static String readIfExists(Path file) {
        try {
            // rsyslogd passes invalid UTF-8 through; decode leniently
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rsyslogd", e);
        }
    }

    /** rsyslogd logged that it could not bind its input port. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }
}
