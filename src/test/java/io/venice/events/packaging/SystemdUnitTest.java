package io.venice.events.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.venice.events.testing.Command;
import io.venice.events.testing.UnitFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit ({@code packaging/systemd/venice-events.service}) as systemd would read it
 * ({@code systemd-analyze verify}, and its sandbox scored by {@code systemd-analyze security --offline}), and the
 * README's promises about it: the sandbox, the state directory as {@code data.dir}, the JVM bounds and a memory
 * limit above them, a restart after a fatal error, and time enough for a graceful stop. {@code PackagingIT} runs
 * its command line against the packaged jar.
 */
class SystemdUnitTest {

    static final String INSTALL_HINT = "systemd-analyze not found: apt-get install -y systemd (.ci/run installs it)";
    static final Duration ANALYZE = Duration.ofSeconds(60);

    final UnitFile unit = UnitFile.read(Packaged.UNIT);

    @TempDir
    Path dir;

    static void requireSystemdAnalyze() {
        if (System.getenv("CI") != null) {
            assertThat(Command.onPath("systemd-analyze")).as(INSTALL_HINT).isTrue();
        } else {
            Assumptions.assumeTrue(Command.onPath("systemd-analyze"), INSTALL_HINT);
        }
    }

    /**
     * The unit as installed, in a folder of the test's: systemd-analyze checks that ExecStart's program exists, so
     * {@code /usr/bin/java} becomes the Java running this test when this machine has none there.
     */
    Path installedUnit() throws IOException {
        String text = Packaged.read(Packaged.UNIT);
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            text = text.replace("ExecStart=/usr/bin/java ", "ExecStart=" + javaExecutable() + " ");
        }
        Path installed = dir.resolve("venice-events.service");
        Files.writeString(installed, text);
        return installed;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void systemdAnalyzeVerifyReportsNothing() throws IOException {
        requireSystemdAnalyze();

        Command verify = Command.run(ANALYZE, "systemd-analyze", "verify", installedUnit().toString());

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.output()).as(verify.toString()).isEmpty();
    }

    @Test
    void systemdAnalyzeSecurityRatesTheSandboxAtMost2Point0() throws IOException {
        requireSystemdAnalyze();

        // --threshold is in tenths: exit status 1 when the overall exposure is above 2.0 ("OK"; 10 is "UNSAFE")
        Command security = Command.run(ANALYZE, "systemd-analyze", "security", "--offline=yes", "--threshold=20",
                "--no-pager", installedUnit().toString());

        assertThat(security.exitCode()).as(security.toString()).isZero();
        assertThat(security.output()).contains("Overall exposure level for venice-events.service");
    }

    @Test
    void theSandboxLetsTheRunnerWriteOnlyItsStateDirectoryAndUseNoPrivilege() {
        assertThat(unit.value("Service", "DynamicUser")).isEqualTo("yes");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("Service", "ProtectHome")).isEqualTo("yes");
        assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("yes");
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.values("Service", "CapabilityBoundingSet")).containsExactly("");
        assertThat(unit.values("Service", "ReadWritePaths")).as("the state directory is the only writable path").isEmpty();
        assertThat(unit.value("Service", "StateDirectory")).isEqualTo("venice-events");
        assertThat(unit.values("Service", "Environment")).contains("DATA_DIR=%S/venice-events");
        assertThat(unit.value("Service", "WorkingDirectory")).isEqualTo("%S/venice-events");
        assertThat(Arrays.asList(unit.value("Service", "RestrictAddressFamilies").split(" ")))
                .containsExactlyInAnyOrder("AF_UNIX", "AF_INET", "AF_INET6");
        assertThat(unit.values("Service", "SystemCallFilter").get(0)).isEqualTo("@system-service");
        assertThat(unit.value("Service", "MemoryDenyWriteExecute")).as("the JIT writes the code it runs").isNull();
    }

    @Test
    void theJvmRunsWithTheReadmesBoundsUnderAMemoryLimitAboveThem() {
        List<String> exec = Arrays.asList(unit.value("Service", "ExecStart").split(" "));
        int jar = exec.indexOf("-jar");

        assertThat(exec.get(0)).isEqualTo("/usr/bin/java");
        assertThat(exec.subList(1, jar)).containsExactlyElementsOf(Packaged.readmeJvmOptions());
        assertThat(exec.subList(jar, exec.size()))
                .containsExactly("-jar", "/opt/venice-events/venice-events.jar", "run", "--config", "/etc/venice-events");

        long bounds = Packaged.bytes(Packaged.option(exec, "-Xmx")) + Packaged.bytes(Packaged.option(exec, "-XX:MaxDirectMemorySize="));
        long memoryMax = Packaged.bytes(unit.value("Service", "MemoryMax"));
        assertThat(memoryMax).as("MemoryMax: heap and direct memory, and room for the JVM's own (the benchmark's RSS: 455 to 468 MB)")
                .isGreaterThanOrEqualTo(bounds + (256L << 20)).isLessThanOrEqualTo(2 * bounds);
    }

    @Test
    void aFatalErrorIsRestartedAndAGracefulStopHasMoreTimeThanTheShutdownTimeout() {
        assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.value("Service", "SuccessExitStatus")).as("SIGTERM's 143 is a clean stop").isEqualTo("143");

        long shutdownTimeout = Long.parseLong(Packaged.configDefault("camel.main.shutdown-timeout"));
        String stop = unit.value("Service", "TimeoutStopSec");
        assertThat(stop).endsWith("s");
        assertThat(Long.parseLong(stop.substring(0, stop.length() - 1))).isGreaterThan(shutdownTimeout);
    }
}
