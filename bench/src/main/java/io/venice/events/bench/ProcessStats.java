package io.venice.events.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, context switches and memory of a process, from Linux's {@code /proc/<pid>/stat} (utime and stime, in
 * clock ticks), {@code /proc/<pid>/status} (VmRSS; VmHWM, the peak resident set size over the process's life;
 * Threads) and {@code /proc/<pid>/task/<tid>/status} (context switches of each thread).
 */
public final class ProcessStats {

    /** Linux's USER_HZ, the unit of utime and stime ({@code getconf CLK_TCK}, 100 on mainstream architectures). */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    /**
     * One reading.
     *
     * @param userSeconds      user CPU time so far
     * @param systemSeconds    system (kernel) CPU time so far
     * @param wallNanos        {@link System#nanoTime()} when read
     * @param rssKb            resident set size now
     * @param peakRssKb        peak resident set size so far (VmHWM)
     * @param threads          threads now
     * @param contextSwitches  voluntary + involuntary context switches of the live threads so far
     */
    public record Snapshot(double userSeconds, double systemSeconds, long wallNanos, long rssKb, long peakRssKb,
                           int threads, long contextSwitches) {

        public double cpuSeconds() {
            return userSeconds + systemSeconds;
        }

        /** CPU use between two readings, in percent of one core (200% = both cores of a 2-core machine). */
        public double cpuPercentSince(Snapshot earlier) {
            return percent(cpuSeconds() - earlier.cpuSeconds(), earlier);
        }

        public double systemPercentSince(Snapshot earlier) {
            return percent(systemSeconds - earlier.systemSeconds, earlier);
        }

        private double percent(double cpu, Snapshot earlier) {
            double wall = (wallNanos - earlier.wallNanos) / 1e9;
            return wall <= 0 ? 0 : 100.0 * cpu / wall;
        }
    }

    private ProcessStats() {
    }

    public static Snapshot of(long pid) throws IOException {
        long now = System.nanoTime();
        Path proc = Path.of("/proc", String.valueOf(pid));
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state=0 ... utime=11, stime=12 (fields 14 and 15 of proc(5))
        long user = Long.parseLong(fields[11]);
        long system = Long.parseLong(fields[12]);
        long rss = 0;
        long hwm = 0;
        int threads = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = number(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = number(line);
            } else if (line.startsWith("Threads:")) {
                threads = (int) number(line);
            }
        }
        long switches = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += number(line);
                        }
                    }
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return new Snapshot((double) user / TICKS_PER_SECOND, (double) system / TICKS_PER_SECOND, now, rss, hwm,
                threads, switches);
    }

    public static Snapshot self() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    private static long number(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
