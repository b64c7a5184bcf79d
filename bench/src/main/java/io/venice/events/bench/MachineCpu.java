package io.venice.events.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The whole machine's CPU time by kind, from the first line of Linux's {@code /proc/stat}, in clock ticks. */
public record MachineCpu(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {

    public static MachineCpu now() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return new MachineCpu(l(f, 1), l(f, 2), l(f, 3), l(f, 4), l(f, 5), l(f, 6), l(f, 7), l(f, 8));
    }

    private static long l(String[] f, int i) {
        return i < f.length ? Long.parseLong(f[i]) : 0;
    }

    private long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** "user 61%, system 30%, softirq 4%, steal 0%, idle 5%" of all cores between an earlier reading and this one. */
    public String sharesSince(MachineCpu earlier) {
        double t = Math.max(1, total() - earlier.total());
        return String.format(Locale.ROOT, "user %.0f%%, system %.0f%%, softirq+irq %.0f%%, steal %.0f%%, idle %.0f%%",
                100 * (user + nice - earlier.user - earlier.nice) / t, 100 * (system - earlier.system) / t,
                100 * (softirq + irq - earlier.softirq - earlier.irq) / t, 100 * (steal - earlier.steal) / t,
                100 * (idle + iowait - earlier.idle - earlier.iowait) / t);
    }
}
