package io.venice.events.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's CPU goes, thread by thread, kernel time included (which JFR's execution samples do not see): for
 * each thread, the CPU time and the time it waited, runnable, for a CPU ({@code /proc/<pid>/task/<tid>/schedstat}),
 * named from {@code jcmd <pid> Thread.print} (native thread id {@code nid}). Threads of one pool are summed under
 * one name (digits replaced by N).
 */
public final class ThreadTimes {

    /** Per thread id: CPU nanoseconds and run-queue wait nanoseconds. */
    public record Snapshot(long wallNanos, Map<Long, long[]> threads) {
    }

    /** One group of threads during an interval: CPU and run-queue wait in percent of one core, thread count. */
    public record Group(String name, double cpuPercent, double waitPercent, int threads) {

        public String line() {
            return String.format(Locale.ROOT, "%6.1f%% CPU %6.1f%% waiting for a CPU  %2d x %s", cpuPercent, waitPercent,
                    threads, name);
        }
    }

    private static final Pattern THREAD = Pattern.compile("^\"(.*)\".*nid=(0x[0-9a-f]+|\\d+)");

    private ThreadTimes() {
    }

    public static Snapshot of(long pid) throws IOException {
        long now = System.nanoTime();
        Map<Long, long[]> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return new Snapshot(now, threads);
    }

    /** Thread id to Java thread name (JVM threads such as "GC Thread#0" included). */
    public static Map<Long, String> names(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        Map<Long, String> names = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = THREAD.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
            }
        }
        return names;
    }

    /** The busiest groups of threads between two snapshots, most CPU first. */
    public static List<Group> between(Snapshot before, Snapshot after, Map<Long, String> names, int top) {
        double wall = Math.max(1, after.wallNanos() - before.wallNanos());
        Map<String, double[]> groups = new HashMap<>();
        after.threads().forEach((tid, times) -> {
            long[] earlier = before.threads().getOrDefault(tid, new long[2]);
            String name = names.getOrDefault(tid, "(thread " + tid + ", ended or unnamed)")
                    .replaceAll("\\d+", "N");
            double[] g = groups.computeIfAbsent(name, k -> new double[3]);
            g[0] += times[0] - earlier[0];
            g[1] += times[1] - earlier[1];
            g[2] += 1;
        });
        List<Group> list = new ArrayList<>();
        groups.forEach((name, g) -> list.add(new Group(name, 100 * g[0] / wall, 100 * g[1] / wall, (int) g[2])));
        list.sort((a, b) -> Double.compare(b.cpuPercent(), a.cpuPercent()));
        return list.subList(0, Math.min(top, list.size()));
    }
}
