package io.venice.events.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM: {@code jcmd <pid> GC.run} (a full collection), then {@code GC.heap_info} for the heap
 * used after it, and {@code GC.class_histogram} for what fills it.
 */
public final class HeapProbe {

    /**
     * @param usedKb    heap used after the full GC
     * @param capacityKb heap committed
     * @param topClasses the largest classes by live bytes, as the histogram prints them
     * @param raw       the heap_info output
     */
    public record Heap(long usedKb, long capacityKb, List<String> topClasses, String raw) {
    }

    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private HeapProbe() {
    }

    public static Heap afterFullGc(long pid, int classes) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long[] totalAndUsed = totalAndUsedKb(info);
        List<String> top = new ArrayList<>();
        String histogram = jcmd(pid, "GC.class_histogram");
        for (String line : histogram.split("\n")) {
            if (line.trim().matches("\\d+:\\s+\\d+.*") && top.size() < classes) {
                top.add(line.trim());
            }
        }
        return new Heap(totalAndUsed[1], totalAndUsed[0], top, info.trim());
    }

    /**
     * Heap committed and used in KiB from {@code GC.heap_info}: the sum over its generations (G1 prints one line
     * for the whole heap; Parallel and Serial one per generation, young and old); {@code -1} each when none is found.
     */
    static long[] totalAndUsedKb(String info) {
        Matcher m = HEAP.matcher(info);
        long total = -1;
        long used = -1;
        while (m.find()) {
            total = Math.max(total, 0) + Long.parseLong(m.group(1));
            used = Math.max(used, 0) + Long.parseLong(m.group(2));
        }
        return new long[] {total, used};
    }

    /**
     * The live heap in KiB: the total of {@code jcmd GC.class_histogram}, which makes a full collection and counts the
     * objects left at that same safepoint; -1 if unread. Under load, {@code GC.heap_info} after {@code GC.run} is not
     * that: the second jcmd comes some 0.5 s later, and a busy runner has allocated up to 100 MB more by then (it
     * read 99 to 205 MB in back-to-back pairs at 5,000 events/s, where the live heap was about 100 MB).
     */
    public static long liveKb(long pid) throws IOException, InterruptedException {
        Matcher m = TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
