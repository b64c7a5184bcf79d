package io.venice.events.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end: its exit status and what it printed (stdout and stderr together). */
public record Command(List<String> line, int exitCode, String output) {

    public static Command run(Duration timeout, String... line) {
        return run(timeout, List.of(line), Map.of());
    }

    /** {@code script} run by {@code /bin/sh -c}, as docker runs a shell-form command, with one more environment variable. */
    public static Command shell(Duration timeout, String script, String envKey, Object envValue) {
        return run(timeout, List.of("/bin/sh", "-c", script), Map.of(envKey, String.valueOf(envValue)));
    }

    public static Command run(Duration timeout, List<String> line, Map<String, String> environment) {
        try {
            Path output = Files.createTempFile("command", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", line) + " did not end within " + timeout.toSeconds() + " s:\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Command(line, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + line, e);
        }
    }

    /** Whether {@code name} is an executable on the PATH. */
    public static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(" ", line) + " (exit " + exitCode + "):\n" + output;
    }
}
