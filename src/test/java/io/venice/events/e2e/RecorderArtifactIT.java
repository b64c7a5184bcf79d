package io.venice.events.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder as a service meets it: a Maven project of its own (src/test/resources/recorder-user) that depends on
 * {@code venice-events-recorder} alone, built with a plain {@code mvn} child process against the artifact this build
 * made (installed into the local repository first, as the README's install command does), then run as a plain
 * {@code java} process against the real runner and with the proxy down.
 */
class RecorderArtifactIT {

    static final String VERSION = System.getProperty("venice.events.version", "0.1.0-SNAPSHOT");
    /** The project's top level (the failsafe JVM may run elsewhere). */
    static final Path ROOT = Path.of(System.getProperty("venice.events.root", "")).toAbsolutePath();
    static final Duration BUILD = Duration.ofMinutes(5);
    /** What recording must not pull into a service: a logging backend, or anything of the runner. */
    static final List<String> NOT_IN_THE_TREE = List.of("log4j-core", "log4j-slf4j", "logback-classic", "slf4j-simple",
            "slf4j-reload4j", "slf4j-jdk14", "camel-main", "camel-mock", "camel-yaml-dsl", "camel-http", "vertx-core",
            "picocli", "micrometer-core", "jackson-dataformat-yaml");
    /** The bounds the README states (venice-events-recorder and everything it brings). */
    static final int MAX_JARS = 45;
    static final long MAX_BYTES = 14L * 1024 * 1024;

    static Path service;
    static List<Path> classpath;

    @TempDir
    static Path workDir;

    @BeforeAll
    static void buildTheService() throws Exception {
        // the recorder and its parent POM into the local repository, as `mvn -B install -DskipTests -pl recorder -am`
        mvn(ROOT, "install", "-DskipTests", "-Dfuzz.skip=true", "-pl", "recorder", "-am");
        service = workDir.resolve("recorder-user");
        copy(ROOT.resolve("src/test/resources/recorder-user"), service);
        mvn(service, "-Dvenice.events.version=" + VERSION, "compile", "dependency:tree", "-DoutputFile=tree.txt",
                "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt");
        classpath = Arrays.stream(Files.readString(service.resolve("classpath.txt")).trim().split(File.pathSeparator))
                .map(Path::of).toList();
    }

    @Test
    void itsDependencyTreeHasNoLoggingBackendNothingOfTheRunnerAndStaysSmall() throws IOException {
        String tree = Files.readString(service.resolve("tree.txt"));

        assertThat(tree).contains("io.venice.events:venice-events-recorder:jar:" + VERSION);
        for (String artifact : NOT_IN_THE_TREE) {
            assertThat(tree).as(tree).doesNotContain(":" + artifact + ":");
        }
        long bytes = 0;
        for (Path jar : classpath) {
            bytes += Files.size(jar);
        }
        System.out.printf("venice-events-recorder: %d jars, %.1f MB%n", classpath.size(), bytes / 1024.0 / 1024);
        assertThat(classpath).as("jars").hasSizeLessThanOrEqualTo(MAX_JARS);
        assertThat(bytes).as("bytes of jars").isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void itRecordsAgainstTheRealProxyAndBacksUpWhileTheProxyIsDown() throws Exception {
        Path backup = workDir.resolve("backup");
        try (RunnerProcess runner = RunnerProcess.builder(workDir).name("recorder-artifact-runner").start()) {
            warmUp(runner);

            String output = recordOne("tcp://127.0.0.1:" + runner.port(), backup);

            assertThat(output).startsWith("ACKNOWLEDGED ");
            String uuid = output.substring("ACKNOWLEDGED ".length()).trim();
            Await.until(Duration.ofSeconds(10), () -> runner.writtenEvents().stream()
                    .anyMatch(e -> e.get("meta").get("uuid").asText().equals(uuid)), runner::describe);
        }

        int downPort = RunnerProcess.freePort();
        String output = recordOne("tcp://127.0.0.1:" + downPort, backup);

        assertThat(output).startsWith("BACKED_UP ");
        String backedUp = output.substring("BACKED_UP ".length()).trim();
        try (Stream<Path> files = Files.walk(backup)) {
            assertThat(files.filter(Files::isRegularFile).map(RecorderArtifactIT::read))
                    .anySatisfy(text -> assertThat(text).contains(backedUp));
        }

        // the proxy is back: the next run of the service replays its backlog (the file component's route) first
        // (a store of its own: in the first runner's, this event would count as a repeat of the first one)
        try (RunnerProcess runner = RunnerProcess.builder(Files.createDirectories(workDir.resolve("late")))
                .name("recorder-artifact-late-runner")
                .property("proxy.port", downPort).start()) {
            runner.awaitReady(Duration.ofSeconds(60));

            String late = recordOne("tcp://127.0.0.1:" + downPort, backup, "30");

            assertThat(late).isEqualTo("NO BACKLOG");
            Await.until(Duration.ofSeconds(20), () -> runner.writtenEvents().stream()
                    .anyMatch(e -> e.get("meta").get("uuid").asText().equals(backedUp)),
                    () -> "the service said: " + late + "\n" + runner.describe());
        }
    }

    /**
     * Ready, and past its own first event (class loading, the JIT): what is measured is the service's first
     * event, not the runner's, which a proxy that has been up for a while is past.
     */
    static void warmUp(RunnerProcess runner) {
        runner.awaitReady(Duration.ofSeconds(60));
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.send(Events.linkDownLine("warm-up-" + i))).startsWith("{\"status\":\"ok\"");
            }
        }
    }

    /** Runs the service's RecordOne; returns its first line after SLF4J's (the outcome and uuid), or its last. */
    /**
     * What services saw before: the first event of a fresh recorder backed up (no reply within the 100 ms send
     * timeout) although the proxy was up. Each run here is a fresh JVM, as a service's start is.
     */
    @Test
    void theFirstEventOfEachFreshServiceIsAcknowledgedWithinTheDefaultSendTimeout() throws Exception {
        try (RunnerProcess runner = RunnerProcess.builder(Files.createDirectories(workDir.resolve("fresh")))
                .name("recorder-artifact-fresh-runner").start()) {
            warmUp(runner);
            for (int run = 0; run < 5; run++) {
                String output = recordOne("tcp://127.0.0.1:" + runner.port(), workDir.resolve("fresh-backup-" + run));

                assertThat(output).as("run " + run).startsWith("ACKNOWLEDGED ");
            }
        }
    }

    static String recordOne(String proxy, Path backup, String... linger) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", service.resolve("target/classes") + File.pathSeparator
                        + String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                "example.RecordOne", proxy, backup.toString()));
        command.addAll(List.of(linger));
        Path log = Files.createTempFile(workDir, "record-one", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("RecordOne ended").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        // SLF4J may say first that the service has no logging backend
        List<String> lines = output.lines().filter(line -> !line.startsWith("SLF4J")).toList();
        return linger.length > 0 ? lines.get(lines.size() - 1) : lines.get(0);
    }

    static void mvn(Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(workDir, "mvn", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(BUILD.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended && process.exitValue() == 0).as(String.join(" ", command) + " in " + dir + ":\n"
                + Files.readString(log)).isTrue();
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
