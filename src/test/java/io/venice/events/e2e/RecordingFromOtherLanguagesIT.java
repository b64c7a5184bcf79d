package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Await;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples of recording from other languages, {@code docs/examples/record-event.sh} (POSIX sh and
 * {@code nc}) and {@code docs/examples/record_event.py} (Python 3's standard library), run as a user runs them
 * against the packaged runner: what they send reaches the events file exactly as given, and they print the
 * proxy's error and exit non-zero when it refuses an event, does not answer, or is not there.
 * <p>
 * Needs {@code python3} and the {@code nc} of netcat-openbsd: without them the tests are skipped on a workstation
 * and fail on CI ({@code CI} set; {@code .ci/run} installs them).
 */
class RecordingFromOtherLanguagesIT {

    static final Path SHELL_EXAMPLE = Path.of("docs/examples/record-event.sh").toAbsolutePath();
    static final Path PYTHON_EXAMPLE = Path.of("docs/examples/record_event.py").toAbsolutePath();
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(20);
    /** Longest a run of an example may take: its own timeouts are 1 to 5 s. */
    static final Duration EXAMPLE_RUN = Duration.ofSeconds(30);
    /** Quotes, backslashes, a newline, a tab, an ESC, and non-ASCII text (accents, CJK, an emoji beyond the BMP). */
    static final String AWKWARD = "he said \"eth1 is \\down\\\"\nsecond line\tafter a tab \u001b[1m bold, Zürich 東京 \uD83D\uDE80";
    static final String BAD_SEVERITY_ERROR = "severity: 'loud' is not a severity (expected one of info, warn, critical, debug)";

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

    @TempDir
    static Path workDir;
    static RunnerProcess runner;

    @BeforeAll
    static void startRunner() {
        requireTools();
        runner = RunnerProcess.builder(workDir).name("other-languages").start().awaitReady(STARTUP);
    }

    @AfterAll
    static void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    // --- the shell example -----------------------------------------------------------------------------

    @Test
    void theShellExampleRecordsAnEventWhoseFieldsReachTheEventsFileExactly() throws Exception {
        String message = unique(AWKWARD);
        Run run = shell("--port", runner.port(), "--type", "LINK_DOWN", "--severity", "warn", "--message", message,
                "--component", "link\"mgr", "--node", "leaf-ü1", "--object-kind", "Port", "--object-name", "eth1/0 \\ 1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        assertThat(run.stdout()).matches("\\{\"status\":\"ok\",\"uuid\":\"[0-9a-f-]{36}\"}\n");

        JsonNode written = awaitWritten(JSON.readTree(run.stdout()).path("uuid").asText());
        assertThat(written.path("type").asText()).isEqualTo("LINK_DOWN");
        assertThat(written.path("severity").asText()).isEqualTo("warn");
        assertThat(written.path("message").asText()).isEqualTo(message);
        assertThat(written.path("source").path("component").asText()).isEqualTo("link\"mgr");
        assertThat(written.path("source").path("node-name").asText()).isEqualTo("leaf-ü1");
        assertThat(written.path("object-ref").path("kind").asText()).isEqualTo("Port");
        assertThat(written.path("object-ref").path("name").asText()).isEqualTo("eth1/0 \\ 1");
    }

    @Test
    void theShellExampleTakesItsSettingsFromTheEnvironmentToo() throws Exception {
        String message = unique("from the environment");
        Run run = sh(environment(Map.of("VENICE_PROXY_PORT", runner.port(), "VENICE_TYPE", "LINK_UP",
                "VENICE_SEVERITY", "info", "VENICE_COMPONENT", "linkmgr", "VENICE_MESSAGE", message))
                + shellWord(SHELL_EXAMPLE));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode written = awaitWritten(JSON.readTree(run.stdout()).path("uuid").asText());
        assertThat(written.path("type").asText()).isEqualTo("LINK_UP");
        assertThat(written.path("message").asText()).isEqualTo(message);
        assertThat(written.path("source").path("component").asText()).isEqualTo("linkmgr");
    }

    @Test
    void theShellExamplePrintsTheProxysErrorAndExits1WhenTheProxyRefusesTheEvent() {
        Run run = shell("--port", runner.port(), "--type", "LINK_DOWN", "--severity", "loud", "--message", unique("m"),
                "--component", "linkmgr");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("{\"status\":\"error\",\"error\":\"" + BAD_SEVERITY_ERROR + "\"}\n");
        assertThat(run.stderr()).isEqualTo("record-event.sh: the proxy refused the event: " + BAD_SEVERITY_ERROR + "\n");
    }

    @Test
    void theShellExampleExits3SayingSoWhenNoProxyListens() {
        int nobody = RunnerProcess.freePort();
        Run run = shell("--port", nobody, "--type", "LINK_DOWN", "--severity", "warn", "--component", "linkmgr");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("record-event.sh: cannot reach the proxy at 127.0.0.1:" + nobody
                + " (nc: connect to 127.0.0.1 port " + nobody + " (tcp) failed: Connection refused); the event was not recorded\n");
    }

    @Test
    void theShellExampleExits3WhenTheProxyDoesNotAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) { // connects, never answers
            long start = System.nanoTime();
            Run run = shell("--port", silent.getLocalPort(), "--timeout", 1, "--type", "LINK_DOWN", "--severity", "warn",
                    "--component", "linkmgr");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
            assertThat(run.stderr()).isEqualTo("record-event.sh: no reply from the proxy at 127.0.0.1:"
                    + silent.getLocalPort() + " within 1 s; it may have taken the event or not (send it again with the same --uuid)\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void manyPrintedLinesPipedThroughOneNcGetOneReplyEachInOrder() throws Exception {
        // The README's example: the script builds the lines, one nc sends them all on one connection.
        String first = unique("piped first");
        String third = unique("piped third");
        String script = "{ " + shellCommand("--print", "--type", "LINK_DOWN", "--severity", "warn", "--message", first,
                "--component", "linkmgr")
                + "; " + shellCommand("--print", "--type", "LINK_DOWN", "--severity", "loud", "--component", "linkmgr")
                + "; " + shellCommand("--print", "--type", "LINK_UP", "--severity", "info", "--message", third,
                "--component", "linkmgr")
                + "; } | nc -N -w 5 127.0.0.1 " + runner.port();
        Run run = sh(script);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> replies = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            replies.add(JSON.readTree(line));
        }
        assertThat(replies).extracting(reply -> reply.path("status").asText()).containsExactly("ok", "error", "ok");
        assertThat(replies.get(1).path("error").asText()).isEqualTo(BAD_SEVERITY_ERROR);
        assertThat(awaitWritten(replies.get(0).path("uuid").asText()).path("message").asText()).isEqualTo(first);
        assertThat(awaitWritten(replies.get(2).path("uuid").asText()).path("message").asText()).isEqualTo(third);
    }

    // --- the Python example ----------------------------------------------------------------------------

    @Test
    void thePythonExampleRecordsEachMessageAsAnEventWithTheFieldsGivenInOrder() throws Exception {
        List<String> messages = List.of(unique(AWKWARD), unique("second event"), unique("third event"));
        Map<String, Object> environment = Map.of("VENICE_PROXY_PORT", runner.port(),
                "VENICE_NODE", "leaf-ü1", "VENICE_OBJECT_KIND", "Port", "VENICE_OBJECT_NAME", "eth1");
        List<String> arguments = new ArrayList<>(List.of("linkmgr", "LINK_DOWN", "warn"));
        arguments.addAll(messages);
        Run run = python(environment, arguments.toArray());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        String[] replies = run.stdout().split("\n");
        assertThat(replies).hasSize(3).allMatch(reply -> reply.matches("\\{\"status\":\"ok\",\"uuid\":\"[0-9a-f-]{36}\"}"));
        for (int i = 0; i < messages.size(); i++) {
            JsonNode written = awaitWritten(JSON.readTree(replies[i]).path("uuid").asText());
            assertThat(written.path("message").asText()).as("event %d", i + 1).isEqualTo(messages.get(i));
            assertThat(written.path("type").asText()).isEqualTo("LINK_DOWN");
            assertThat(written.path("severity").asText()).isEqualTo("warn");
            assertThat(written.path("source").path("component").asText()).isEqualTo("linkmgr");
            assertThat(written.path("source").path("node-name").asText()).isEqualTo("leaf-ü1");
            assertThat(written.path("object-ref").path("kind").asText()).isEqualTo("Port");
            assertThat(written.path("object-ref").path("name").asText()).isEqualTo("eth1");
        }
    }

    @Test
    void thePythonExampleSendsEveryLineOnOneConnectionBeforeReadingTheReplies() throws Exception {
        // A fake proxy that answers only once all three lines came: a client that waited for each reply before
        // sending the next line would time out here.
        try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            fake.setSoTimeout((int) EXAMPLE_RUN.toMillis());
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> answerAfter(fake, 3));
            Run run = python(Map.of("VENICE_PROXY_PORT", fake.getLocalPort(), "VENICE_TIMEOUT", 10),
                    "linkmgr", "LINK_UP", "info", "one", "two", "three");

            List<String> lines = received.get(EXAMPLE_RUN.toSeconds(), TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(lines).extracting(line -> JSON.readTree(line).path("message").asText())
                    .containsExactly("one", "two", "three");
            List<String> uuids = new ArrayList<>();
            for (String line : lines) {
                uuids.add(JSON.readTree(line).path("meta").path("uuid").asText());
            }
            assertThat(uuids).allMatch(u -> u.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"))
                    .doesNotHaveDuplicates();
            assertThat(run.stdout()).isEqualTo(uuids.stream()
                    .map(u -> "{\"status\":\"ok\",\"uuid\":\"" + u + "\"}\n").reduce("", String::concat));
        }
    }

    @Test
    void thePythonExamplePrintsTheProxysErrorAndExits1WhenTheProxyRefusesAnEvent() {
        Run run = python(Map.of("VENICE_PROXY_PORT", runner.port()),
                "linkmgr", "LINK_DOWN", "loud", unique("m"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("{\"status\":\"error\",\"error\":\"" + BAD_SEVERITY_ERROR + "\"}\n");
        assertThat(run.stderr()).isEqualTo("record_event.py: the proxy refused event 1: " + BAD_SEVERITY_ERROR + "\n");
    }

    @Test
    void thePythonExampleExits3SayingSoWhenNoProxyListens() {
        int nobody = RunnerProcess.freePort();
        Run run = python(Map.of("VENICE_PROXY_PORT", nobody), "linkmgr", "LINK_DOWN", "warn", "m");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("record_event.py: no reply from the proxy at 127.0.0.1:" + nobody + " (")
                .contains("Connection refused");
    }

    @Test
    void thePythonExampleExits3WhenTheProxyDoesNotAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run run = python(Map.of("VENICE_PROXY_PORT", silent.getLocalPort(), "VENICE_TIMEOUT", 1),
                    "linkmgr", "LINK_DOWN", "warn", "m");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
            assertThat(run.stderr()).isEqualTo("record_event.py: no reply from the proxy at 127.0.0.1:"
                    + silent.getLocalPort() + " (timed out)\n");
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    /** What a run of an example printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    static String unique(String message) {
        return message + " #" + UNIQUE.incrementAndGet();
    }

    /** Runs the shell example with these arguments, as typed in a shell. */
    static Run shell(Object... arguments) {
        return sh(shellCommand(arguments));
    }

    /** Runs {@code python3} on the Python example with these environment variables and arguments, as typed in a shell. */
    static Run python(Map<String, Object> variables, Object... arguments) {
        return sh(environment(variables) + "python3 " + shellWord(PYTHON_EXAMPLE) + " " + words(arguments));
    }

    /** {@code NAME=value } for each variable, to put before a command (values through {@link #shellWord}). */
    static String environment(Map<String, Object> variables) {
        StringBuilder assignments = new StringBuilder();
        variables.forEach((name, value) -> assignments.append(name).append('=').append(shellWord(value)).append(' '));
        return assignments.toString();
    }

    /** The shell example's command line as a user would type it in a shell. */
    static String shellCommand(Object... arguments) {
        return shellWord(SHELL_EXAMPLE) + " " + words(arguments);
    }

    private static String words(Object... arguments) {
        List<String> words = new ArrayList<>();
        for (Object argument : arguments) {
            words.add(shellWord(argument));
        }
        return String.join(" ", words);
    }

    /**
     * One shell word for {@code value}. The test's own command lines go through Java's platform encoding (ASCII
     * under {@code LANG=C}), so a value that is not plain ASCII is written as {@code "$(printf '\ooo...')"}, its
     * UTF-8 bytes in octal: the shell hands the program the exact bytes, as when a user types them.
     */
    static String shellWord(Object value) {
        String text = String.valueOf(value);
        if (text.matches("[A-Za-z0-9 ./:_#,+=-]*")) {
            return "'" + text + "'";
        }
        StringBuilder octal = new StringBuilder("\"$(printf '");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            octal.append(String.format("\\%03o", b & 0xff));
        }
        return octal.append("')\"").toString(); // $(...) drops trailing newlines: no value here ends with one
    }

    /**
     * Runs {@code sh -c script} in {@code workDir} and waits for it (at most {@link #EXAMPLE_RUN}). Variables go into
     * the script as assignments rather than into the child's environment, which Java too would encode in the
     * platform's encoding.
     */
    static Run sh(String script) {
        List<String> command = List.of("sh", "-c", script);
        try {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // The examples' own defaults must not come from the machine running the test.
            builder.environment().keySet().removeIf(name -> name.startsWith("VENICE_"));
            Process process = builder.start();
            if (!process.waitFor(EXAMPLE_RUN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + EXAMPLE_RUN.toSeconds() + " s: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The written event with that uuid, once the file writer has written it. */
    static JsonNode awaitWritten(String uuid) {
        Await.until(DELIVERY, () -> written(uuid).isPresent(),
                () -> "event " + uuid + " in the events file\n" + runner.describe());
        return written(uuid).orElseThrow();
    }

    private static Optional<JsonNode> written(String uuid) {
        return runner.writtenEvents().stream().filter(e -> uuid.equals(e.path("meta").path("uuid").asText())).findFirst();
    }

    /** A fake proxy: accepts one connection, reads {@code lines} lines, then answers each ok with its uuid. */
    private static List<String> answerAfter(ServerSocket fake, int lines) {
        try (Socket client = fake.accept()) {
            client.setSoTimeout((int) EXAMPLE_RUN.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                String line = in.readLine();
                if (line == null) {
                    throw new AssertionError("the client closed the connection after " + received.size() + " lines");
                }
                received.add(line);
            }
            StringBuilder replies = new StringBuilder();
            for (String line : received) {
                replies.append("{\"status\":\"ok\",\"uuid\":\"")
                        .append(JSON.readTree(line).path("meta").path("uuid").asText()).append("\"}\n");
            }
            OutputStream out = client.getOutputStream();
            out.write(replies.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return received;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the client did not send " + lines + " lines before reading the replies", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips (workstation) or fails (CI) when {@code python3} or netcat-openbsd's {@code nc} is missing. */
    static void requireTools() {
        Map<String, String> missing = new LinkedHashMap<>();
        if (!succeeds("python3", "-c", "import json, socket, uuid")) {
            missing.put("python3", "python3");
        }
        // netcat-openbsd's nc has -N (shut the socket down after EOF on stdin); other netcats lack it
        if (!succeeds("sh", "-c", "nc -h 2>&1 | grep -q -- -N")) {
            missing.put("nc with -N", "netcat-openbsd");
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "the examples need " + String.join(" and ", missing.keySet())
                + ": apt-get install -y " + String.join(" ", missing.values());
        if (System.getenv("CI") != null) {
            throw new AssertionError(why + " (.ci/run installs them)");
        }
        Assumptions.assumeTrue(false, why);
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
