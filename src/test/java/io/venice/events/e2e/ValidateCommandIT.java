package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;

import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar venice-events.jar validate}: the configuration, catalog and routes checked as {@code run} would,
 * without starting anything; and {@code run} refusing a routes folder that lacks a route it needs.
 */
class ValidateCommandIT {

    private static final Duration EXIT = Duration.ofSeconds(45);

    @TempDir
    Path workDir;

    @Test
    void theDefaultsAreOkInOneLineExit0AndNothingIsStartedOrWritten() throws IOException {
        // the proxy's and the management server's ports held by the test: a validate that bound them would fail
        try (ServerSocket proxyPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket managementPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RunnerProcess validate = RunnerProcess.builder(workDir)
                .name("validate-defaults")
                .property("proxy.port", proxyPort.getLocalPort())
                .property("management.port", managementPort.getLocalPort())
                .arguments("validate")
                .start()) {
            int exitCode = validate.awaitExit(EXIT);
            String output = validate.log();

            assertThat(exitCode).as(output).isZero();
            assertThat(output.lines().filter(line -> line.startsWith("configuration OK: ")).toList()).as(output)
                    .singleElement().asString()
                    .contains("event types")
                    .contains("routes dispatcher, fan-out, held-counts, http-ingest, proxy, proxy-tls, writer-file, writer-syslog, writer-venice from")
                    .contains("proxy 127.0.0.1:" + validate.port())
                    .contains("writers file");
            assertThat(output).doesNotContain("Apache Camel").doesNotContain("started");
            assertThat(validate.dataDir()).as("data.dir is not written").doesNotExist();
        }
    }

    /** The event policies fixed in the configuration are configuration: each of their problems listed as run lists it. */
    @Test
    void everyProblemOfTheEventPoliciesFileIsListedOnItsOwnLine() throws IOException {
        Path config = Files.createDirectories(workDir.resolve("config"));
        Files.writeString(config.resolve("application.properties"), "");
        Files.writeString(config.resolve("event-policies.yaml"), """
                policies:
                  - name: "Bad Name"
                    targets: []
                """);
        try (RunnerProcess validate = RunnerProcess.builder(workDir)
                .name("validate-policies")
                .arguments("validate", "--config", config.toString())
                .start()) {
            int exitCode = validate.awaitExit(EXIT);
            String output = validate.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).as(output).contains("invalid configuration (2 problems):")
                    .contains("\n  file:" + config.toAbsolutePath() + "/event-policies.yaml: policies[0].name: 'Bad Name' "
                            + "must be 1 to 63 lower-case letters, digits and '-', starting with a letter or digit")
                    .contains("\n  file:" + config.toAbsolutePath() + "/event-policies.yaml: policies[0].targets: "
                            + "expected a non-empty list of")
                    .doesNotContain("routes: ");
            assertThat(validate.dataDir()).doesNotExist();
        }
    }

    @Test
    void everyProblemOfConfigurationEnvironmentCatalogAndRoutesIsPrintedAtOnceExit2() throws IOException {
        Path config = Files.createDirectories(workDir.resolve("config"));
        Files.writeString(config.resolve("application.properties"), """
                dispatcher.flush-interval = 10
                writers.venice.enabeld = true
                writers.syslog.enabled = true
                """);
        Files.writeString(config.resolve("event-types.yaml"), "not: [a catalog\n");
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        copyJarRoute("proxy.yaml", routes);
        copyJarRoute("dispatcher.yaml", routes); // no writers.yaml: writer-file and writer-syslog are enabled

        try (RunnerProcess validate = RunnerProcess.builder(workDir)
                .name("validate-problems")
                .property("store.max-bytes", "1073741824")
                .env("PROXY_PROT", "19012")
                .arguments("validate", "--config", config.toString())
                .start()) {
            int exitCode = validate.awaitExit(EXIT);
            String output = validate.log();

            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(output).as(output)
                    .contains("dispatcher.flush-interval: '10' has no unit; write 10s, 500ms, 10m or 24h")
                    .contains("store.max-bytes: '1073741824' has no unit; write 1073741824b, 512k, 64m or 1g")
                    .contains("writers.venice.enabeld: not a venice-events key; did you mean writers.venice.enabled?")
                    .contains("PROXY_PROT: an environment variable of no venice-events key; did you mean PROXY_PORT (proxy.port)?")
                    .contains("events.types-file: file:" + config.toAbsolutePath() + "/event-types.yaml cannot be read: while parsing a flow sequence")
                    .contains("routes: no route with id 'writer-file' in " + routes.toAbsolutePath() + "/*.yaml (writers.file.enabled is true")
                    .contains("routes: no route with id 'writer-syslog' in " + routes.toAbsolutePath() + "/*.yaml (writers.syslog.enabled is true")
                    .doesNotContain("'writer-venice'")
                    .doesNotContain("configuration OK")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(output).containsOnlyOnce("invalid configuration (");
            assertThat(validate.dataDir()).doesNotExist();
        }
    }

    @Test
    void routesTheYamlDslRefusesAndEndpointsOfComponentsNotInTheJarAreProblems() throws IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        copyJarRoute("proxy.yaml", routes);
        copyJarRoute("dispatcher.yaml", routes);
        copyJarRoute("writers.yaml", routes);
        copyJarRoute("event-policies.yaml", routes);
        Files.writeString(routes.resolve("audit.yaml"), """
                - route:
                    id: audit
                    from:
                      uri: "store:events"
                      parameters:
                        reader: audit
                      steps:
                        - to:
                            uri: "kafka:audit"
                - route:
                    id: typo
                    frm:
                      uri: "direct:typo"
                """);

        assertThat(refusedRoutes("validate-routes", routes)).contains("audit.yaml: Unsupported field: frm");

        Files.writeString(routes.resolve("audit.yaml"), """
                - route:
                    id: audit
                    from:
                      uri: "store:events"
                      parameters:
                        reader: audit
                      steps:
                        - to:
                            uri: "kafka:audit"
                """);
        assertThat(refusedRoutes("validate-component", routes)).contains("invalid configuration (1 problem)")
                .contains("routes: route 'audit' uses kafka: endpoints, a component that is not in the jar");
    }

    @Test
    void aRouteNamingABeanTheRunnerDoesNotHaveIsAProblemFoundWithoutStartingIt() throws IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        copyJarRoute("proxy.yaml", routes);
        copyJarRoute("dispatcher.yaml", routes);
        copyJarRoute("writers.yaml", routes);
        copyJarRoute("event-policies.yaml", routes);
        Files.writeString(routes.resolve("audit.yaml"), """
                - route:
                    id: audit
                    from:
                      uri: "store:events"
                      parameters:
                        reader: audit
                      steps:
                        - bean:
                            ref: auditLines
                """);

        String output = refusedRoutes("validate-bean", routes);
        assertThat(output).contains("invalid configuration (1 problem)")
                .contains("routes: Failed to create route: audit")
                .contains("No bean could be found in the registry for: auditLines");
    }

    @Test
    void runRefusesARoutesFolderWithoutTheDispatcherBeforeAnythingStarts() throws IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        copyJarRoute("proxy.yaml", routes);
        copyJarRoute("writers.yaml", routes);
        copyJarRoute("event-policies.yaml", routes);

        try (RunnerProcess runner = RunnerProcess.builder(workDir)
                .name("run-without-dispatcher")
                .arguments("run", "--routes", routes.toString())
                .start()) {
            int exitCode = runner.awaitExit(EXIT);
            String output = runner.log();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("invalid configuration (3 problems)")
                    .contains("routes: no route with id 'dispatcher' in " + routes.toAbsolutePath()
                            + "/*.yaml (the pipeline needs it; the jar's routes/dispatcher.yaml has it)")
                    .contains("routes: no route with id 'held-counts'")
                    .contains("routes: no route with id 'fan-out'")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(runner.dataDir()).as("nothing started: no store opened").doesNotExist();
        }
    }

    /** A route file of the jar, as an operator copies it to make a routes folder of their own. */
    @Test
    void aBranchOfTheFanOutToALogNoRouteReadsIsRefusedBeforeAnythingStarts() throws IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        for (String name : List.of("proxy.yaml", "writers.yaml", "event-policies.yaml", "http-ingest.yaml",
                "dispatcher.yaml")) {
            copyJarRoute(name, routes);
        }
        String multicast = "            steps:\n              - filter:\n                  simple: \"{{writers.file.enabled}}";
        String dispatcher = Files.readString(routes.resolve("dispatcher.yaml"));
        assertThat(dispatcher).contains(multicast);
        Files.writeString(routes.resolve("dispatcher.yaml"), dispatcher.replace(multicast,
                "            steps:\n              - to:\n                  uri: \"store:audit\"\n"
                        + multicast.substring("            steps:\n".length())));

        String output = refusedRoutes("validate-unread-log", routes);
        assertThat(output).contains("invalid configuration (1 problem)")
                .contains("routes: file:" + routes.toAbsolutePath() + "/dispatcher.yaml appends to store:audit but "
                        + "no route reads it (from: store:audit with a reader of its own): its log would fill up "
                        + "to store.max-bytes and then hold up the fan-out");
    }

    /**
     * Runs {@code validate --routes <routes>}, which must refuse them (exit 2) before anything starts: no data
     * folder; returns what it printed.
     */
    private String refusedRoutes(String name, Path routes) throws IOException {
        try (RunnerProcess validate = RunnerProcess.builder(workDir).name(name)
                .arguments("validate", "--routes", routes.toString()).start()) {
            int exitCode = validate.awaitExit(EXIT);
            String output = validate.log();
            assertThat(exitCode).as(output).isEqualTo(2);
            assertThat(validate.dataDir()).as("nothing started: no data folder").doesNotExist();
            assertThat(workDir.resolve("data")).doesNotExist();
            return output;
        }
    }

    private static void copyJarRoute(String name, Path routes) throws IOException {
        try (var jar = new java.util.jar.JarFile(RunnerProcess.jar().toFile());
             var in = jar.getInputStream(jar.getEntry("routes/" + name))) {
            Files.write(routes.resolve(name), in.readAllBytes());
        }
    }
}
