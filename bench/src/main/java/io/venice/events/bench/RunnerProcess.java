package io.venice.events.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real runner, {@code java [jvm options] -Dkey=value... -jar venice-events.jar run}, as a child process with
 * its output in a log file. {@link #stop()} is a graceful stop (SIGTERM, as Ctrl-C), then a kill after a minute.
 */
public final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final List<String> command;

    private RunnerProcess(Process process, Path log, List<String> command) {
        this.process = process;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts the runner in {@code workDir} (its {@code config/} and {@code routes/} are used when there are some, as
     * with {@code java -jar}) and waits until the proxy accepts connections on {@code proxyPort}.
     */
    public static RunnerProcess start(Path jar, Path workDir, List<String> jvmOptions, Map<String, String> properties,
                                      int proxyPort, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("run");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RunnerProcess runner = new RunnerProcess(process, log, command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the runner exited with " + process.exitValue() + " before it listened:\n"
                        + runner.logTail(30));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", proxyPort), 200);
                return runner;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    runner.close();
                    throw new IOException("the runner did not listen on " + proxyPort + " within 60 s:\n"
                            + runner.logTail(30));
                }
                Thread.sleep(100);
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> command() {
        return command;
    }

    public Path log() {
        return log;
    }

    /** Graceful stop; returns the seconds it took (pending counts are flushed first), or -1 if it had to be killed. */
    public double stop() throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return (System.nanoTime() - start) / 1e9;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    /** On the way out (Ctrl-C): SIGTERM, 10 s of grace, then SIGKILL. */
    public void kill() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Lines of the log at a level (e.g. " ERROR "), and the first few of them. */
    public record LogLines(long count, List<String> first) {
    }

    public LogLines logLines(String marker, int keep) throws IOException {
        List<String> first = new ArrayList<>();
        long count = 0;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains(marker)) {
                    count++;
                    if (first.size() < keep) {
                        first.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // a line that is not UTF-8: count what we could read
        }
        return new LogLines(count, first);
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
