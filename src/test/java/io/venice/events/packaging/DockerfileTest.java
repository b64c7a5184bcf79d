package io.venice.events.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Dockerfile;
import io.venice.events.testing.Dockerfile.Stage;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile keeps the README's promises, read as docker reads it (no engine needed; {@code PackagingIT} builds
 * it where one runs): built from the sources in a stage of its own, a JRE 17 image run by a user who is not root,
 * {@code data.dir} a volume, listening on every interface of the container, the README's JVM bounds, and a health
 * check on {@code /health/live}.
 */
class DockerfileTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final Dockerfile dockerfile = Dockerfile.read(Packaged.DOCKERFILE);
    final Stage runtime = dockerfile.finalStage();

    Stage buildStage() {
        assertThat(dockerfile.stages()).as("multi-stage: a build stage and the runtime stage").hasSizeGreaterThanOrEqualTo(2);
        return dockerfile.stages().get(0);
    }

    Map<String, String> runtimeEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String arguments : runtime.all("ENV")) {
            for (String pair : arguments.split(" ")) {
                int equals = pair.indexOf('=');
                assertThat(equals).as("ENV key=value: " + pair).isPositive();
                env.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return env;
    }

    static List<String> execForm(String arguments) throws IOException {
        return JSON.readValue(arguments, new TypeReference<List<String>>() { });
    }

    @Test
    void theJarIsBuiltFromTheSourcesWithJdk17AndOnlyItGoesIntoAJre17Image() {
        Stage build = buildStage();

        assertThat(build.name()).isNotNull();
        assertThat(build.image()).contains("maven").contains("17");
        assertThat(build.all("ARG")).as("the Maven command: the runner module and what it needs, without the tests")
                .containsExactly("MVN=\"mvn -B -q -Dmaven.test.skip=true -pl :venice-events -am\"");
        assertThat(build.last("RUN")).as("the jar is built after the sources are copied").isEqualTo("$MVN package");
        assertThat(build.instructions().indexOf(new Dockerfile.Instruction("COPY", "src/main src/main")))
                .isLessThan(build.instructions().lastIndexOf(new Dockerfile.Instruction("RUN", "$MVN package")));
        assertThat(runtime.image()).contains("17-jre");
        assertThat(runtime.all("COPY")).as("only the jar from the build stage")
                .containsExactly("--from=" + build.name() + " /build/target/venice-events.jar /opt/venice-events/venice-events.jar");
    }

    @Test
    void itRunsAsAUserWhoIsNotRoot() {
        String user = runtime.last("USER");

        assertThat(user).as("USER of the runtime stage").isNotNull();
        String name = user.split(":")[0];
        assertThat(name).isNotIn("root", "0", "");
    }

    @Test
    void dataDirIsAVolumeAndTheProxyAndManagementHostsListenOnEveryInterface() throws IOException {
        Map<String, String> env = runtimeEnv();

        assertThat(env).containsEntry("PROXY_HOST", "0.0.0.0").containsEntry("PROXY_HTTP_HOST", "0.0.0.0")
                .containsEntry("MANAGEMENT_HOST", "0.0.0.0");
        assertThat(env).containsKey("DATA_DIR");
        assertThat(runtime.all("VOLUME")).hasSize(1);
        assertThat(execForm(runtime.last("VOLUME"))).containsExactly(env.get("DATA_DIR"));
        assertThat(runtime.all("EXPOSE")).flatMap(expose -> Arrays.asList(expose.split(" ")))
                .containsExactlyInAnyOrder(Packaged.configDefault("proxy.port"), Packaged.configDefault("management.port"),
                        Packaged.configDefault("proxy.http-port"), Packaged.configDefault("proxy.tls.port"));
    }

    @Test
    void theHealthCheckAsksHealthLiveOnTheManagementPort() {
        String healthcheck = runtime.last("HEALTHCHECK");

        assertThat(healthcheck).as("HEALTHCHECK of the runtime stage").isNotNull().contains(" CMD ");
        assertThat(healthcheck).contains("http://127.0.0.1:${MANAGEMENT_PORT:-" + Packaged.configDefault("management.port")
                + "}/health/live").contains("curl -f");
    }

    @Test
    void theJvmRunsWithTheReadmesMemoryBoundsAndTheRunCommand() throws IOException {
        List<String> entrypoint = execForm(runtime.last("ENTRYPOINT"));

        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(1, entrypoint.indexOf("-jar"))).containsExactlyElementsOf(Packaged.readmeJvmOptions());
        assertThat(entrypoint.subList(entrypoint.indexOf("-jar"), entrypoint.size()))
                .containsExactly("-jar", "/opt/venice-events/venice-events.jar");
        assertThat(execForm(runtime.last("CMD"))).containsExactly("run");
    }

    @Test
    void theBuildContextHoldsWhatTheBuildStageCopiesAndNotWhatABuildOrARunLeft() throws IOException {
        List<String> patterns = Files.readAllLines(Packaged.DOCKERIGNORE).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<String> letIn = patterns.stream().filter(p -> p.startsWith("!")).map(p -> p.substring(1)).toList();

        assertThat(patterns.get(0)).as("everything is left out but what is let in").isEqualTo("*");
        for (String copy : buildStage().all("COPY")) {
            List<String> words = Arrays.asList(copy.split(" "));
            for (String source : words.subList(0, words.size() - 1)) {
                assertThat(Packaged.ROOT.resolve(source)).as("COPY " + copy).exists();
                assertThat(letIn).as(".dockerignore lets in what 'COPY " + copy + "' needs")
                        .anyMatch(p -> p.equals(source) || source.startsWith(p + "/") || p.startsWith(source + "/"));
            }
        }
        assertThat(letIn).noneMatch(p -> p.contains("target") || p.startsWith("data") || p.contains("test")
                || p.startsWith(".git") || p.startsWith("bench/results"));
    }
}
