package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's command line as an operator meets it: {@code java -jar venice-events.jar ...}. */
class CommandLineIT {

    private static final Duration EXIT = Duration.ofSeconds(45);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    /** Netty says only "Address already in use": the runner names the key and the address another process holds. */
    @Test
    void aRunnerWhoseProxyPortIsTakenDoesNotStartAndSaysWhichKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             RunnerProcess runner = RunnerProcess.builder(workDir).name("proxy-port-taken")
                     .property("proxy.port", taken.getLocalPort()).start()) {
            int exitCode = runner.awaitExit(EXIT);

            assertThat(exitCode).as(runner.log()).isEqualTo(2);
            assertThat(runner.log()).contains("venice-events: proxy.port: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + " (is another process using that port?)");
        }
    }

    @Test
    void runWithSeveralBadValuesExitsNonZeroAndNamesEveryBadKeyWithItsReasonInOneMessage() throws IOException {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("proxy.port", "abc");
        bad.put("writers.syslog.format", "xml");
        bad.put("dispatcher.flush-interval", "soon");
        bad.put("writers.venice.batch-size", "0");
        bad.put("writers.file.enabled", "yes");
        Path config = embeddedConfigWith(workDir.resolve("config"), bad);

        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("bad-config")
                .withoutTestDefaults() // a -Dproxy.port would hide the bad proxy.port
                .arguments("run", "--config", config.toString())
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            List<String> lines = output.lines().map(String::trim).toList();
            assertThat(lines).as(output).contains(
                    "proxy.port: 'abc' is not a whole number",
                    "writers.syslog.format: 'xml' is not one of rfc5424, bsd",
                    "dispatcher.flush-interval: 'soon' is not a duration (e.g. 500ms, 10s, 10m, 24h)",
                    "writers.venice.batch-size: 0 is out of range 1..100000",
                    "writers.file.enabled: 'yes' is not true or false");
            assertThat(output).as("one message for all problems, and only the problems set")
                    .containsOnlyOnce("invalid configuration (5 problems)");
            assertThat(output).doesNotContain("missing").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aDurationOrSizeWithoutItsUnitStopsTheStartNamingTheKeyAndTheFormsAccepted() throws IOException {
        Path config = Files.createDirectories(workDir.resolve("bare-numbers"));
        Files.writeString(config.resolve("application.properties"), "dispatcher.flush-interval = 10\n");

        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("bare-numbers")
                .property("store.max-bytes", "1073741824")
                .arguments("run", "--config", config.toString())
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("invalid configuration (2 problems)")
                    .contains("dispatcher.flush-interval: '10' has no unit; write 10s, 500ms, 10m or 24h")
                    .contains("store.max-bytes: '1073741824' has no unit; write 1073741824b, 512k, 64m or 1g");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void recordWithATimeoutWithoutItsUnitIsABadInputExit2AndSendsNothing() {
        try (RunnerProcess record = RunnerProcess.builder(workDir)
                .name("record-bare-timeout")
                .withoutTestDefaults()
                .arguments("record", "--proxy", "tcp://127.0.0.1:" + RunnerProcess.freePort(), "--component", "linkmgr",
                        "--type", "LINK_DOWN", "--severity", "warn", "--message", "port eth1 down",
                        "--backup-dir", workDir.resolve("backup").toString(), "--timeout", "2")
                .start()) {
            int exitCode = record.awaitExit(EXIT);
            String output = record.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).contains("'2' has no unit; write 2s, 500ms, 10m or 24h").contains("--timeout")
                    .contains("Try 'venice-events record --help' for more information.")
                    .doesNotContain("backed up");
            assertThat(workDir.resolve("backup")).doesNotExist();
        }
    }

    @Test
    void runWithAConfigFolderThatDoesNotExistFailsWithAMessageNamingIt() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("no-config-dir")
                .arguments("run", "--config", "/no/such/dir")
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("--config /no/such/dir").contains("no application.properties");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void runWithARoutesFolderThatDoesNotExistFailsWithAMessageNamingIt() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("no-routes-dir")
                .arguments("run", "--routes", "/no/such/routes")
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("--routes /no/such/routes").contains("not a folder");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnknownSubcommandPrintsTheErrorAndOneLinePointingToHelpAndExits2() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("unknown-subcommand")
                .arguments("frobnicate")
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).contains("venice-events: Unmatched argument at index 0: 'frobnicate'")
                    .contains("Try 'venice-events --help' for more information.").doesNotContain("Usage:");
        }
    }

    @Test
    void anUnknownOptionOfRunPrintsTheErrorAndOneLinePointingToHelpAndExits2() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("unknown-option")
                .arguments("run", "--bogus")
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).contains("venice-events: Unknown option: '--bogus'")
                    .contains("Try 'venice-events run --help' for more information.").doesNotContain("Usage:");
        }
    }

    @Test
    void aDashDAfterTheCommandSaysItIsAJvmOptionThatGoesBeforeDashJar() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("dash-d-after-command")
                .arguments("validate", "-Dproxy.port=19012")
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).contains("venice-events: Unknown option: '-Dproxy.port=19012'")
                    .contains("A -Dkey=value is a JVM option: put it before -jar (java -Dkey=value -jar venice-events.jar ...)")
                    .contains("Try 'venice-events validate --help' for more information.");
        }
    }

    @Test
    void noSubcommandPrintsUsageAndExits2() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("no-subcommand")
                .arguments()
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).contains("Usage: venice-events").contains("run");
        }
    }

    @Test
    void theProxyPortEnvironmentVariableMovesTheProxyPort() {
        int port = RunnerProcess.freePort();
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("proxy-port-env")
                .env("PROXY_PORT", port) // no -Dproxy.port: the builder passes none when PROXY_PORT is set
                .start()) {
            assertThat(runner.port()).isEqualTo(port);
            runner.awaitReady(STARTUP);

            try (ProxyClient client = ProxyClient.connect(port)) {
                String reply = client.send("{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port eth1 down\","
                        + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}");
                assertThat(reply).startsWith("{\"status\":\"ok\"");
            }
            assertThat(runner.log()).contains("127.0.0.1:" + port).doesNotContain("127.0.0.1:9012");
        }
    }

    @Test
    void aMisspeltKeyInTheConfigFolderOrOnTheCommandLineStopsTheStartNamingTheKeyItMeant() throws IOException {
        Path config = Files.createDirectories(workDir.resolve("misspelt-config"));
        Files.writeString(config.resolve("application.properties"), "writers.venice.enabeld = true\n");

        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("misspelt-key")
                .property("dispatcher.flush-intervall", "1s")
                .arguments("run", "--config", config.toString())
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("invalid configuration (2 problems)")
                    .contains("dispatcher.flush-intervall: not a venice-events key; did you mean dispatcher.flush-interval?")
                    .contains("writers.venice.enabeld: not a venice-events key; did you mean writers.venice.enabled?");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void anEnvironmentVariableInAVeniceEventsNamespaceThatIsNoKeyStopsTheStartNamingTheVariableItMeant() {
        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("misspelt-env")
                .env("WRITERS_VENICE_ENABELD", "true")
                .env("VENICE_EVENTS_UNRELATED", "x") // not a venice-events prefix: left alone, as PATH or CI are
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("invalid configuration (1 problem)")
                    .contains("WRITERS_VENICE_ENABELD: an environment variable of no venice-events key; "
                            + "did you mean WRITERS_VENICE_ENABLED (writers.venice.enabled)?");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aConfigFolderNeedOnlySetWhatItChangesTheJarsDefaultsFillTheRest() throws IOException {
        int port = RunnerProcess.freePort();
        Path config = Files.createDirectories(workDir.resolve("partial-config"));
        Files.writeString(config.resolve("application.properties"), "proxy.port = " + port + "\n");

        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("partial-config")
                .withoutTestDefaults() // the port comes from the config folder's file
                .env("DATA_DIR", workDir.resolve("data"))
                .env("PROXY_HTTP_PORT", RunnerProcess.freePort()) // not the default 9014 another runner may hold
                .arguments("run", "--config", config.toString())
                .start()) {
            Await.until(STARTUP, () -> accepts(port), () -> runner.logTail(40));

            try (ProxyClient client = ProxyClient.connect(port)) {
                String reply = client.send("{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port eth1 down\","
                        + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}");
                assertThat(reply).as(runner.log()).startsWith("{\"status\":\"ok\"");
            }
        }
    }

    /**
     * A config folder as an operator makes one: the jar's own application.properties and event-types.yaml,
     * with some values changed.
     */
    private static Path embeddedConfigWith(Path dir, Map<String, String> changes) throws IOException {
        Files.createDirectories(dir);
        String properties;
        try (JarFile jar = new JarFile(RunnerProcess.jar().toFile())) {
            properties = read(jar, "config/application.properties");
            Files.writeString(dir.resolve("event-types.yaml"), read(jar, "config/event-types.yaml"));
        }
        String changed = properties.lines().map(line -> {
            int eq = line.indexOf('=');
            String key = eq < 0 || line.startsWith("#") ? null : line.substring(0, eq).trim();
            return key != null && changes.containsKey(key) ? key + " = " + changes.get(key) : line;
        }).collect(Collectors.joining("\n", "", "\n"));
        assertThat(changes.keySet()).allSatisfy(key -> assertThat(changed).contains(key + " = " + changes.get(key)));
        Files.writeString(dir.resolve("application.properties"), changed);
        return dir;
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(JarFile jar, String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
