package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.UnitFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaging run for real: the systemd unit's command line and environment against the packaged jar
 * (without systemd: its sandbox is checked by {@code SystemdUnitTest}), and, where a Docker engine runs, the
 * image built from the Dockerfile and started (this machine kind has the docker client but no engine: that test
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

    static boolean dockerEngineRuns() {
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!info.waitFor(30, TimeUnit.SECONDS)) {
                info.destroyForcibly();
                return false;
            }
            return info.exitValue() == 0;
        } catch (IOException e) {
            return false; // no docker client
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a docker command to its end; its output goes to a file of the test's, returned as text. */
    String docker(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(root, "docker", ".out");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text.strip();
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

            container = docker(Duration.ofMinutes(1), "run", "-d", "-p", "127.0.0.1::9012", "-p", "127.0.0.1::9013", tag);
            String id = container;
            Await.until(Duration.ofMinutes(3), () -> {
                String health = docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Health.Status}}", id);
                if (health.equals("unhealthy")) {
                    throw new AssertionError("the container is unhealthy:\n" + docker(Duration.ofSeconds(30), "logs", id));
                }
                return health.equals("healthy");
            });
            String published = docker(Duration.ofSeconds(30), "port", id, "9013/tcp").lines().findFirst().orElseThrow();
            int port = Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
            assertThat(get(port, "/health/live").statusCode()).as("reached from outside the container").isEqualTo(200);
            assertThat(docker(Duration.ofSeconds(30), "exec", id, "id", "-u")).isEqualTo("10001");
        } finally {
            if (container != null) {
                docker(Duration.ofMinutes(1), "rm", "-f", "-v", container);
            }
            docker(Duration.ofMinutes(1), "image", "rm", "-f", tag);
        }
    }
}
