package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import io.venice.events.testing.Await;
import io.venice.events.testing.Command;
import io.venice.events.testing.Dockerfile;
import io.venice.events.testing.Dockerfile.Stage;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.UnitFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaging run for real: the systemd unit's command line and environment against the packaged jar
 * (without systemd: its sandbox is checked by {@code SystemdUnitTest}), the image's entrypoint, environment and
 * health check the same way, and, where a Docker engine runs, the image built from the Dockerfile and started (this machine kind has the docker client but no engine: that test
 * is skipped, saying so; {@code DockerfileTest} checks the Dockerfile without one).
 */
class PackagingIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path root;

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The unit's ExecStart, with its jar and config folder where the test has them, and its Environment= and
     * WorkingDirectory= with %S (/var/lib) in the test's folder; the Java is the test's own, not /usr/bin/java.
     */
    @Test
    void theSystemdUnitsCommandLineRunsThePackagedJarAndHealthLiveAnswersUp() throws Exception {
        UnitFile unit = UnitFile.read(ROOT.resolve("packaging/systemd/venice-events.service"));
        Path state = root.resolve("var/lib");
        Path etc = root.resolve("etc/venice-events");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("application.properties"), "events.node-name = packaged-node\n");
        List<String> exec = Arrays.asList(unit.value("Service", "ExecStart").split(" "));
        int jar = exec.indexOf("-jar");
        assertThat(exec.get(jar + 1)).isEqualTo("/opt/venice-events/venice-events.jar");
        List<String> arguments = new ArrayList<>(exec.subList(jar + 2, exec.size()));
        assertThat(arguments).containsExactly("run", "--config", "/etc/venice-events");
        arguments.set(2, etc.toString());
        Path workDir = Path.of(unit.value("Service", "WorkingDirectory").replace("%S", state.toString()));
        Files.createDirectories(workDir); // StateDirectory=

        RunnerProcess.Builder builder = RunnerProcess.builder(workDir).name("systemd-exec-start")
                .withoutTestDefaults()
                .jvmOptions(exec.subList(1, jar).toArray(String[]::new))
                .arguments(arguments.toArray(String[]::new))
                .env("PROXY_PORT", RunnerProcess.freePort())
                .env("MANAGEMENT_PORT", RunnerProcess.freePort());
        for (String environment : unit.values("Service", "Environment")) {
            int equals = environment.indexOf('=');
            builder.env(environment.substring(0, equals), environment.substring(equals + 1).replace("%S", state.toString()));
        }
        try (RunnerProcess runner = builder.start().awaitReady(STARTUP)) {
            Await.until(STARTUP, () -> get(runner.managementPort(), "/health/live").statusCode() == 200, runner::describe);
            assertThat(get(runner.managementPort(), "/health/live").body()).contains("\"status\":\"UP\"");
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send("{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port eth1 down\","
                        + "\"source\":{\"component\":\"linkmgr\"}}")).contains("\"status\":\"ok\"");
            }

            assertThat(runner.dataDir()).as("data.dir is the state directory").isEqualTo(state.resolve("venice-events"));
            Await.until(Duration.ofSeconds(30), () -> runner.writtenEvents().size() == 1, runner::describe);
            assertThat(runner.writtenEvents().get(0).at("/source/node-name").asText())
                    .as("the config folder's application.properties was read").isEqualTo("packaged-node");
            assertThat(runner.stop()).as("systemctl stop: SIGTERM, a clean stop (SuccessExitStatus)")
                    .isEqualTo(Integer.parseInt(unit.value("Service", "SuccessExitStatus")));
        }
    }

    /** A non-loopback IPv4 address of this machine (what another host would connect to), if it has one. */
    static Optional<InetAddress> externalAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(PackagingIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    static boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp() && !networkInterface.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The image's ENTRYPOINT and CMD with its ENV (and ports given as {@code docker run -e} would) against the
     * packaged jar, in an empty working directory as the image's; then its HEALTHCHECK command, through
     * {@code /bin/sh -c} as docker runs it: what the image would do, where no engine runs to build it.
     */
    @Test
    void theImagesEntrypointEnvironmentAndHealthCheckWorkWithoutDocker() throws Exception {
        Stage image = Dockerfile.read(ROOT.resolve("Dockerfile")).finalStage();
        List<String> entrypoint = JSON.readValue(image.last("ENTRYPOINT"), new TypeReference<List<String>>() { });
        List<String> cmd = JSON.readValue(image.last("CMD"), new TypeReference<List<String>>() { });
        int jar = entrypoint.indexOf("-jar");
        assertThat(entrypoint.get(jar + 1)).isEqualTo("/opt/venice-events/venice-events.jar");
        Path volume = root.resolve("volume");
        Path workDir = Files.createDirectories(root.resolve("opt/venice-events"));

        RunnerProcess.Builder builder = RunnerProcess.builder(workDir).name("image-entrypoint")
                .withoutTestDefaults()
                .jvmOptions(entrypoint.subList(1, jar).toArray(String[]::new))
                .arguments(cmd.toArray(String[]::new))
                .env("PROXY_PORT", RunnerProcess.freePort())
                .env("MANAGEMENT_PORT", RunnerProcess.freePort());
        for (String env : image.all("ENV")) {
            for (String pair : env.split(" ")) {
                int equals = pair.indexOf('=');
                builder.env(pair.substring(0, equals), pair.substring(equals + 1).replace("/var/lib/venice-events", volume.toString()));
            }
        }
        String healthcheck = image.last("HEALTHCHECK");
        String healthCommand = healthcheck.substring(healthcheck.indexOf(" CMD ") + " CMD ".length());
        try (RunnerProcess runner = builder.start().awaitReady(STARTUP)) {
            Await.until(STARTUP, () -> get(runner.managementPort(), "/health/live").statusCode() == 200, runner::describe);
            Command health = Command.shell(Duration.ofSeconds(30), healthCommand, "MANAGEMENT_PORT", runner.managementPort());
            assertThat(health.exitCode()).as(health.toString()).isZero();

            Optional<InetAddress> external = externalAddress();
            if (external.isPresent()) {
                assertThat(accepts(external.get(), runner.port())).as("the proxy on " + external.get()).isTrue();
                assertThat(accepts(external.get(), runner.managementPort())).as("management on " + external.get()).isTrue();
            }
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                assertThat(client.send("{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"source\":{\"component\":\"linkmgr\"}}"))
                        .contains("\"status\":\"ok\"");
            }
            Await.until(Duration.ofSeconds(30), () -> !runner.writtenEvents().isEmpty(), runner::describe);
            assertThat(runner.dataDir()).as("DATA_DIR: the volume").isEqualTo(volume);
            assertThat(runner.stop()).isEqualTo(143);

            Command down = Command.shell(Duration.ofSeconds(30), healthCommand, "MANAGEMENT_PORT", runner.managementPort());
            assertThat(down.exitCode()).as("the check fails once the runner is gone: " + down).isEqualTo(1);
        }
    }

    static boolean dockerEngineRuns() {
        if (!Command.onPath("docker")) {
            return false;
        }
        return Command.run(Duration.ofSeconds(30), "docker", "info").exitCode() == 0;
    }

    /** A docker command that must succeed; its output, stripped. */
    static String docker(Duration timeout, String... arguments) {
        List<String> line = new ArrayList<>(List.of("docker"));
        line.addAll(List.of(arguments));
        Command docker = Command.run(timeout, line, Map.of());
        assertThat(docker.exitCode()).as(docker.toString()).isZero();
        return docker.output().strip();
    }

    @Test
    void theDockerImageBuildsRunsAsItsUserAndItsHealthCheckSeesItLive() throws Exception {
        Assumptions.assumeTrue(dockerEngineRuns(), "no Docker engine here ('docker info' failed): the image was not "
                + "built; DockerfileTest checked the Dockerfile without one");
        String tag = "venice-events-packaging-it:" + UUID.randomUUID().toString().substring(0, 8);
        String container = null;
        try {
            docker(Duration.ofMinutes(20), "build", "-t", tag, ".");
            JsonNode config = JSON.readTree(docker(Duration.ofMinutes(1), "image", "inspect", "--format", "{{json .Config}}", tag));
            assertThat(config.path("User").asText()).isNotEmpty().isNotIn("root", "0", "0:0");
            assertThat(config.path("Volumes").has("/var/lib/venice-events")).as(config.toString()).isTrue();
            assertThat(config.path("Healthcheck").path("Test").toString()).contains("/health/live");

            List<String> exposed = Arrays.asList(Dockerfile.read(ROOT.resolve("Dockerfile")).finalStage().last("EXPOSE").split(" "));
            String proxyPort = exposed.get(0);
            String managementPort = exposed.get(1);
            container = docker(Duration.ofMinutes(1), "run", "-d", "-p", "127.0.0.1::" + proxyPort,
                    "-p", "127.0.0.1::" + managementPort, tag);
            String id = container;
            Await.until(Duration.ofMinutes(3), () -> {
                String health = docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Health.Status}}", id);
                if (health.equals("unhealthy")) {
                    throw new AssertionError("the container is unhealthy:\n" + docker(Duration.ofSeconds(30), "logs", id));
                }
                return health.equals("healthy");
            });
            String published = docker(Duration.ofSeconds(30), "port", id, managementPort + "/tcp").lines().findFirst().orElseThrow();
            int port = Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
            assertThat(get(port, "/health/live").statusCode()).as("reached from outside the container").isEqualTo(200);
            assertThat(docker(Duration.ofSeconds(30), "exec", id, "id", "-u")).isEqualTo("10001");
        } finally { // best effort: a failure to clean up must not hide the test's own
            if (container != null) {
                Command.run(Duration.ofMinutes(1), "docker", "rm", "-f", "-v", container);
            }
            Command.run(Duration.ofMinutes(1), "docker", "image", "rm", "-f", tag);
        }
    }
}
