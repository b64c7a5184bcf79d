package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged runner ({@code java -jar venice-events.jar run ...}) as a child process of the test.
 * <p>
 * The child runs with the test's own Java, in a working directory of the test's choosing (a {@code @TempDir}
 * without {@code config/} and {@code routes/} makes it use the copies embedded in the jar). Unless told
 * otherwise ({@link Builder#withoutTestDefaults()}), it gets a free {@code proxy.port}, a free
 * {@code management.port}, a free {@code proxy.http-port} (so runners started in parallel never collide) and a
 * {@code data.dir} inside the working directory as {@code -D} properties. Its stdout and stderr go to one
 * log file, which is also copied to {@code target/runner-logs/} on {@link #close()} for post-mortems.
 * <p>
 * Always use it in try-with-resources (or close it in {@code @AfterEach}/{@code @AfterAll}): {@link #close()}
 * kills a child that is still running, so no runner outlives a failed test. A JVM shutdown hook does the same
 * if the test JVM itself goes away first.
 */
public final class RunnerProcess implements AutoCloseable {

    /** Where failsafe puts the path of the jar under test (see pom.xml). */
    public static final String JAR_PROPERTY = "venice.events.jar";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final int httpPort;
    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final List<String> command;
    private final Thread killOnJvmExit;

    private RunnerProcess(String name, Process process, int port, int managementPort, int httpPort, Path workDir,
                          Path dataDir, Path logFile, List<String> command) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.command = command;
        this.killOnJvmExit = new Thread(process::destroyForcibly, "kill-runner-" + name);
        Runtime.getRuntime().addShutdownHook(killOnJvmExit);
    }

    /** A runner working in {@code workDir}; add properties, environment and arguments, then {@link Builder#start()}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** The jar under test: the {@value #JAR_PROPERTY} system property failsafe sets. */
    public static Path jar() {
        String path = System.getProperty(JAR_PROPERTY);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: run the ITs with "
                    + "'mvn verify' (failsafe sets it) or pass -D" + JAR_PROPERTY + "=target/venice-events.jar");
        }
        Path jar = Path.of(path).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (mvn -o -q package -DskipTests)");
        }
        return jar;
    }

    /** A TCP port nobody listens on right now (the OS picks it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy port this runner was given ({@code -1} when it was given none the test knows). */
    public int port() {
        return port;
    }

    /** The management port ({@code /metrics}, {@code /health}) this runner was given ({@code -1} when the test knows none). */
    public int managementPort() {
        return managementPort;
    }

    /** The HTTP ingest port ({@code POST /events}) this runner was given ({@code -1} when the test knows none). */
    public int httpPort() {
        return httpPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** {@code data.dir} of the runner: the file writer writes to {@code events/} inside it. */
    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the proxy port accepts TCP connections. Fails at once, with the log's tail, when the
     * process exits first, and when the deadline passes.
     */
    public RunnerProcess awaitReady(Duration timeout) {
        if (port <= 0) {
            throw new IllegalStateException("this runner has no known proxy port to wait for");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw notReady("exited with code " + process.exitValue()
                        + " before its proxy accepted connections on port " + port);
            }
            if (accepts(port)) {
                // The connect could have reached something else holding the port: the runner must still be up.
                if (process.isAlive()) {
                    return this;
                }
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw notReady("did not accept connections on port " + port + " within " + timeout.toMillis() + " ms");
            }
            Await.pause();
        }
    }

    /**
     * Called as {@code start().awaitReady(...)} in a try-with-resources header, a failure here would leave the
     * runner unreferenced: it is closed (killed, log kept) before the exception leaves.
     */
    private IllegalStateException notReady(String what) {
        String description = describe();
        close();
        return new IllegalStateException("runner '" + name + "' " + what + "\n" + description);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the runner to stop as Ctrl-C or systemd would (SIGTERM) and waits for it; returns the exit code. */
    public int stop() {
        return stop(Duration.ofSeconds(40));
    }

    public int stop(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL: no shutdown hooks, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself; fails (leaving it running for {@link #close()}) when it does not. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("runner '" + name + "' still running after " + timeout.toMillis()
                        + " ms\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for runner '" + name + "'", e);
        }
        return process.exitValue();
    }

    /** The exit code; the process must have ended. */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException("runner '" + name + "' is still running");
        }
        return process.exitValue();
    }

    /** Everything the runner printed so far (stdout and stderr, interleaved as written). */
    public String log() {
        try {
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8); // lenient: a line may be half written
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Command line, state and the log's tail: for failure messages. */
    public String describe() {
        return "command: " + String.join(" ", command) + "\nworking directory: " + workDir
                + "\nalive: " + process.isAlive() + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")")
                + "\n--- last lines of " + logFile + " ---\n" + logTail(60);
    }

    /**
     * Every complete line the file writer has written so far ({@code data.dir/events/events-*.jsonl}), parsed.
     * A line still being written (no newline yet) is left out; it shows up on a later call.
     */
    public List<JsonNode> writtenEvents() {
        Path dir = dataDir.resolve("events");
        List<JsonNode> events = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return events;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "events-*.jsonl")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // the writer may be in the middle of a line (even of a UTF-8 sequence): leave it for later
            }
            if (end == 0) {
                continue;
            }
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line in " + file + ": " + line, e);
                }
            }
        }
        return events;
    }

    /** The event files the file writer created. */
    public List<Path> eventFiles() {
        Path dir = dataDir.resolve("events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var stream = Files.list(dir)) {
            return stream.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the runner if it still runs, and keeps a copy of its log under {@code target/runner-logs/}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook runs anyway
        }
        keepLog();
    }

    private void keepLog() {
        try {
            Path target = jar().getParent().resolve("runner-logs");
            Files.createDirectories(target);
            Files.copy(logFile, target.resolve(name + "-" + process.pid() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // best effort: the log is only a debugging aid
        }
    }

    /** How to start a runner. */
    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of(
                // Start-up speed on a small CI machine; the pipeline behaves the same.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        private final List<String> arguments = new ArrayList<>(List.of("run"));
        private String name = "runner";
        private boolean testDefaults = true;

        private Builder(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
        }

        /** Names the runner in failure messages and in the kept log's file name. */
        public Builder name(String name) {
            this.name = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return this;
        }

        /** A {@code -Dkey=value} before {@code -jar}. */
        public Builder property(String key, Object value) {
            properties.put(key, String.valueOf(value));
            return this;
        }

        /** An environment variable of the child (on top of the test's own environment). */
        public Builder env(String key, Object value) {
            environment.put(key, String.valueOf(value));
            return this;
        }

        /** Replaces the JVM options of the child (default: quick start-up flags that do not change behaviour). */
        public Builder jvmOptions(String... options) {
            jvmOptions.clear();
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /**
         * Replaces the command line after {@code -jar venice-events.jar} (default: {@code run}),
         * e.g. {@code arguments("run", "--config", dir)} or {@code arguments("frobnicate")}.
         */
        public Builder arguments(String... args) {
            arguments.clear();
            arguments.addAll(Arrays.asList(args));
            return this;
        }

        /**
         * Passes none of {@code -Dproxy.port}, {@code -Dmanagement.port}, {@code -Dproxy.http-port} and {@code -Ddata.dir}: the command line is
         * exactly what the test set.
         */
        public Builder withoutTestDefaults() {
            testDefaults = false;
            return this;
        }

        public RunnerProcess start() {
            Map<String, String> props = new LinkedHashMap<>();
            int port;
            if (properties.containsKey("proxy.port")) {
                port = parsePort(properties.get("proxy.port"));
            } else if (environment.containsKey("PROXY_PORT")) {
                port = parsePort(environment.get("PROXY_PORT"));
            } else if (testDefaults) {
                port = freePort();
                props.put("proxy.port", String.valueOf(port));
            } else {
                port = -1;
            }
            int managementPort;
            if (properties.containsKey("management.port")) {
                managementPort = parsePort(properties.get("management.port"));
            } else if (environment.containsKey("MANAGEMENT_PORT")) {
                managementPort = parsePort(environment.get("MANAGEMENT_PORT"));
            } else if (testDefaults) {
                managementPort = freePort();
                props.put("management.port", String.valueOf(managementPort));
            } else {
                managementPort = -1;
            }
            int httpPort;
            if (properties.containsKey("proxy.http-port")) {
                httpPort = parsePort(properties.get("proxy.http-port"));
            } else if (environment.containsKey("PROXY_HTTP_PORT")) {
                httpPort = parsePort(environment.get("PROXY_HTTP_PORT"));
            } else if (testDefaults) {
                httpPort = freePort();
                props.put("proxy.http-port", String.valueOf(httpPort));
            } else {
                httpPort = -1;
            }
            Path dataDir;
            if (properties.containsKey("data.dir")) {
                dataDir = workDir.resolve(properties.get("data.dir"));
            } else if (environment.containsKey("DATA_DIR")) {
                dataDir = workDir.resolve(environment.get("DATA_DIR"));
            } else if (testDefaults) {
                dataDir = workDir.resolve("data");
                props.put("data.dir", dataDir.toString());
            } else {
                dataDir = workDir.resolve("data");
            }
            props.putAll(properties);

            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            props.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar().toString());
            command.addAll(arguments);

            Path logFile = workDir.resolve(name + ".log");
            try {
                Files.createDirectories(workDir);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
                builder.environment().putAll(environment);
                return new RunnerProcess(name, builder.start(), port, managementPort, httpPort, workDir, dataDir,
                        logFile, List.copyOf(command));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        private static int parsePort(String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static java.io.File nullFile() {
            return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
        }

        /** The Java running this test, so the child uses the same version and vendor. */
        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }
}
