package io.venice.events.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.venice.events.bench.DeliveryTracker.Receiver;
import io.venice.events.bench.Soak.Outcome;
import io.venice.events.bench.Soak.Sample;

/** The soak's figures and verdicts as Markdown: {@code bench/results/<date-time>-soak.md}. */
final class SoakReport {

    /** The achieved rate over the load must be at least this share of the rate asked for. */
    static final double RATE_HELD = 0.95;

    private final Soak.Settings settings;
    private final MachineInfo machine;
    private final ZonedDateTime started;
    private final Outcome outcome;
    private final List<Trend> trends;

    SoakReport(Soak.Settings settings, MachineInfo machine, ZonedDateTime started, Outcome outcome) {
        this.settings = settings;
        this.machine = machine;
        this.started = started;
        this.outcome = outcome;
        this.trends = trends(outcome.samples(), segmentBytes(settings));
    }

    /**
     * A verdict per resource over the samples taken under load after the warm-up (not the idle one before, the
     * warm-up's, nor the drained one after).
     * A lag of an interval in which no sampled event completed its way counts as infinite: a stalled writer.
     */
    static List<Trend> trends(List<Sample> samples, long segmentBytes) {
        List<Sample> load = samples.stream().filter(s -> s.phase().equals("load")).toList();
        List<Trend> t = new ArrayList<>();
        t.add(Trend.of("heap after GC, MB", values(load, s -> s.heapAfterGcKb() / 1024.0),
                new Trend.Tolerance(0.10, 8, "10%, at least 8 MB")));
        t.add(Trend.of("RSS, MB", values(load, s -> s.rssKb() / 1024.0),
                new Trend.Tolerance(0.10, 16, "10%, at least 16 MB")));
        t.add(Trend.of("open file descriptors", values(load, s -> s.fds()),
                new Trend.Tolerance(0.10, 8, "10%, at least 8")));
        t.add(Trend.of("threads", values(load, s -> s.threads()),
                new Trend.Tolerance(0.10, 4, "10%, at least 4")));
        double segmentsMb = 2.0 * segmentBytes / (1 << 20);
        t.add(Trend.of("store on disk, MB", values(load, s -> s.storeBytes() / (double) (1 << 20)),
                new Trend.Tolerance(0.10, segmentsMb, String.format(Locale.ROOT,
                        "10%%, at least two segments (%.0f MB): a segment goes only once every writer passed it",
                        segmentsMb))));
        for (Receiver receiver : Soak.TRACKED) {
            t.add(Trend.of("ack→arrival p99 " + label(receiver) + ", ms",
                    values(load, s -> lag(s, receiver)), new Trend.Tolerance(0.50, 250, "50%, at least 250 ms")));
        }
        return t;
    }

    Path write() throws IOException {
        Path file = settings.resultsDir().resolve(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss").format(started)
                + "-soak.md");
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        return file;
    }

    boolean passed() {
        return outcome.failure() == null && trends.stream().allMatch(Trend::steady) && rateHeld() && delivered();
    }

    boolean rateHeld() {
        return outcome.load() != null && outcome.load().ackedPerSecond() >= RATE_HELD * settings.rate();
    }

    /**
     * Every event delivered: nothing rejected, each writer got exactly one first occurrence per distinct event
     * acknowledged (none lost, no repeat sent as new) and nothing unreadable, every sampled uuid arrived at both
     * receivers, and nothing arrived as a first occurrence that the load did not send as one.
     */
    boolean delivered() {
        if (outcome.load() == null || outcome.totals().eventsRejected() != 0 || outcome.arrivedUnacked() != 0) {
            return false;
        }
        for (ReceiverCounts c : outcome.writers().values()) {
            if (c != null && (c.firsts() != outcome.totals().distinctAcked() || c.malformed() != 0)) {
                return false;
            }
        }
        return outcome.sampled().values().stream().allMatch(d -> d.missing() == 0);
    }

    String console() {
        StringBuilder out = new StringBuilder("soak verdicts (see the report for the samples):\n");
        for (Trend t : trends) {
            out.append(String.format(Locale.ROOT, "  %-8s %-32s first third %s, last third %s (tolerance %s)%n",
                    t.verdict(), t.name(), number(t.first()), number(t.last()), number(t.tolerance())));
        }
        out.append(String.format(Locale.ROOT, "  %-8s %-32s %s%n", rateHeld() ? "held" : "missed", "rate",
                rateText()));
        out.append(String.format(Locale.ROOT, "  %-8s %-32s %s%n", delivered() ? "yes" : "NO", "every event delivered",
                deliveryText()));
        if (outcome.failure() != null) {
            out.append("  FAILED: ").append(outcome.failure()).append('\n');
        }
        out.append(passed() ? "PASSED" : "FAILED").append(" (exit status ").append(passed() ? 0 : 1).append(")\n");
        return out.toString();
    }

    static String consoleLine(Sample s) {
        return String.format(Locale.ROOT, "%s t=%.0fs heap %.0f MB, RSS %.0f MB, fds %d, threads %d, store %.1f MB,"
                        + " sent %,.0f/s, acked %,.0f/s, backlog %s, p99 %s ms",
                s.phase(), s.seconds(), s.heapAfterGcKb() / 1024.0, s.rssKb() / 1024.0, s.fds(), s.threads(),
                s.storeBytes() / (double) (1 << 20), s.sentPerSecond(), s.ackedPerSecond(), s.backlog().values(),
                lags(s));
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# venice-events soak, ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(started))
                .append("\n\n| | |\n|---|---|\n");
        row(md, "date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(started.withNano(0)));
        row(md, "commit", machine.commit());
        row(md, "machine", machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memoryMb() + " MB RAM, "
                + machine.os());
        row(md, "Java", machine.java());
        row(md, "command", "`" + settings.command() + "`");
        row(md, "runner", "`" + runnerCommand() + "`");
        row(md, "load", String.format(Locale.ROOT, "%,.0f events/s in all for %s, one event per line over %d pipelining"
                        + " connections (window %d lines), %.0f%% exact repeats; a sample every %d s, the first %s"
                        + " of the load a warm-up (shown, not judged)",
                settings.rate(), minutes(settings.duration().toMillis() / 1000.0), settings.connections(),
                settings.window(), settings.repeatShare() * 100, settings.interval().toSeconds(),
                minutes(settings.warmup().toMillis() / 1000.0)));
        md.append("\nThe runner, the load generator and the receivers share the ").append(machine.cores())
                .append(" cores of this machine.\n\n");

        md.append("## Verdict: ").append(passed() ? "passed" : "FAILED").append("\n\n");
        md.append("| resource | first third (median) | last third (median) | tolerance | verdict |\n|---|---|---|---|---|\n");
        for (Trend t : trends) {
            md.append("| ").append(t.name()).append(" | ").append(number(t.first())).append(" | ")
                    .append(number(t.last())).append(" | ").append(number(t.tolerance())).append(" (").append(t.rule())
                    .append(") | ").append(t.verdict()).append(" |\n");
        }
        md.append("| rate | ").append(String.format(Locale.ROOT, "%,.0f events/s asked", settings.rate()))
                .append(" | ").append(rateText()).append(String.format(Locale.ROOT, " | at least %.0f%% | ", RATE_HELD * 100))
                .append(rateHeld() ? "held" : "missed").append(" |\n");
        md.append("| every event delivered | | ").append(deliveryText()).append(" | exact | ")
                .append(delivered() ? "yes" : "no").append(" |\n");
        if (outcome.failure() != null) {
            md.append("\n**The soak did not finish**: ").append(outcome.failure()).append("\n");
        }
        md.append("\nA resource is **steady** when the median of the last third of the samples under load is not above"
                + " the median of the first third by more than the tolerance, else **growing** (the samples under load"
                + " after the warm-up, in thirds; with fewer than three, one each). The idle sample before the load, the"
                + " warm-up's (the heap and the JIT's code grow to their working size, the dedup and uuid windows fill)"
                + " and the one after the drain are shown, not judged. Exit status 0 only when every resource is"
                + " steady, the rate held and every event was delivered.\n");

        md.append("\n## Delivery\n\n| writer | distinct events acknowledged | first occurrences delivered | difference |"
                + " updates (count > 1) | unreadable | sampled uuids acknowledged / missing |\n|---|---|---|---|---|---|---|\n");
        long distinct = outcome.totals().distinctAcked();
        for (Map.Entry<String, ReceiverCounts> w : outcome.writers().entrySet()) {
            ReceiverCounts c = w.getValue();
            if (c == null) {
                md.append("| ").append(w.getKey()).append(" | off | | | | | |\n");
                continue;
            }
            DeliveryTracker.Delivery d = switch (w.getKey()) {
                case "Venice" -> outcome.sampled().get(Receiver.VENICE);
                case "syslog" -> outcome.sampled().get(Receiver.SYSLOG);
                default -> null;
            };
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %+,d | %,d | %,d | %s |%n", w.getKey(), distinct,
                    c.firsts(), c.firsts() - distinct, c.updates(), c.malformed(),
                    d == null ? "not tracked (exact counts only)"
                            : String.format(Locale.ROOT, "%,d / %,d", outcome.sampledSettled() + d.sampledAcked(), d.missing())));
        }
        LoadProgress.Totals totals = outcome.totals();
        md.append(String.format(Locale.ROOT, "%nSent %,d events (%,d exact repeats), acknowledged %,d, rejected %,d;"
                        + " %,d sampled first occurrences (1 in %d, by uuid) followed from ack to arrival at both receivers;"
                        + " first occurrences that arrived with no acknowledgement: %,d. The receivers were quiet at the end: %s."
                        + " The file writer's files are counted as they grow and deleted once counted.%n",
                totals.eventsSent(), totals.repeatsSent(), totals.eventsAcked(), totals.eventsRejected(),
                outcome.sampledSettled(), settings.sample(), outcome.arrivedUnacked(), outcome.drained() ? "yes" : "no"));
        if (totals.eventsRejected() > 0) {
            md.append(String.format(Locale.ROOT, "%n**%,d events were rejected**, so the counts above cannot match exactly:"
                    + " an exact repeat of a rejected event is stored as a first occurrence (it counts as a repeat on the"
                    + " load generator's side). A rejection with \"retry\":true means the store was full"
                    + " (`store.max-bytes`): the writers fell behind the load.%n", totals.eventsRejected()));
        }
        if (outcome.load() != null) {
            md.append("\nLoad generator: ").append(outcome.load().summary()).append(".\n");
        }

        md.append("\n## Samples\n\n| t (s) | phase | heap after GC MB | RSS MB | open fds (sockets) | threads | store MB |"
                + " sent ev/s | acked ev/s | backlog Venice / syslog / file (events) | ack→arrival p99 ms Venice / syslog |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Sample s : outcome.samples()) {
            md.append(String.format(Locale.ROOT, "| %.0f | %s | %.1f | %.1f | %d (%d) | %d | %.1f | %,.0f | %,.0f | %s | %s |%n",
                    s.seconds(), s.phase(), s.heapAfterGcKb() / 1024.0, s.rssKb() / 1024.0, s.fds(), s.socketFds(),
                    s.threads(), s.storeBytes() / (double) (1 << 20), s.sentPerSecond(), s.ackedPerSecond(),
                    String.join(" / ", s.backlog().values().stream().map(v -> String.format(Locale.ROOT, "%,d", v)).toList()),
                    lags(s)));
        }
        md.append("\nEach sample: events and arrivals first, then `/proc/<pid>/status` (VmRSS, Threads), `/proc/<pid>/fd`,"
                + " the bytes of the files under `data.dir/store`, then `jcmd <pid> GC.class_histogram`: a full collection"
                + " of the runner, then the bytes of the live objects at the same safepoint (a pause of a few 100 ms"
                + " every sample; `GC.heap_info` after `GC.run` would also count what the busy runner allocated between"
                + " the two commands). Rates are since the previous"
                + " sample. Backlog: distinct events acknowledged minus first occurrences arrived at that writer's"
                + " destination. Ack→arrival: the sampled events that reached both receivers since the previous sample"
                + " (\"n/a\": none did, judged as infinite).\n");

        md.append("\n## Runner\n\n");
        md.append(String.format(Locale.ROOT, "Peak RSS (VmHWM) %.0f MB. Log: %,d ERROR and %,d WARN lines.%n",
                outcome.peakRssKb() / 1024.0, outcome.errors().count(), outcome.warnings().count()));
        if (outcome.errors().count() + outcome.warnings().count() > 0) {
            md.append("\n```\n");
            outcome.errors().first().forEach(line -> md.append(line).append('\n'));
            outcome.warnings().first().forEach(line -> md.append(line).append('\n'));
            md.append("```\n");
        }
        if (outcome.heapAtEnd() != null) {
            md.append(String.format(Locale.ROOT, "%nHeap after GC at the end: %.1f MB; the largest classes"
                    + " (`jcmd GC.class_histogram`):%n%n```%n", outcome.heapAtEnd().usedKb() / 1024.0));
            outcome.heapAtEnd().topClasses().forEach(c -> md.append(c).append('\n'));
            md.append("```\n");
        }
        return md.toString();
    }

    private String runnerCommand() {
        List<String> shown = new ArrayList<>();
        for (String part : outcome.runnerCommand()) {
            if (part.startsWith("-Ddata.dir=")) {
                part = "-Ddata.dir=<temporary folder>";
            } else if (part.endsWith("venice-events.jar")) {
                part = settings.workDir().relativize(Path.of(part)).toString();
            } else if (part.endsWith("/bin/java")) {
                part = "java";
            }
            shown.add(part.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<free port>")
                    .replaceAll("^-D(proxy|management)\\.port=\\d+$", "-D$1.port=<free port>"));
        }
        return shown.isEmpty() ? "(not started)" : String.join(" ", shown);
    }

    private String rateText() {
        if (outcome.load() == null) {
            return "no load result";
        }
        double lowest = outcome.samples().stream().filter(s -> s.phase().equals("load") || s.phase().equals("warm-up"))
                .mapToDouble(Sample::ackedPerSecond).min().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%,.0f events/s acknowledged over the load (%.1f s); lowest interval %s",
                outcome.load().ackedPerSecond(), outcome.load().seconds(), number(lowest));
    }

    private String deliveryText() {
        List<String> parts = new ArrayList<>();
        long distinct = outcome.totals().distinctAcked();
        outcome.writers().forEach((name, c) -> {
            if (c != null) {
                parts.add(String.format(Locale.ROOT, "%s %+,d", name, c.firsts() - distinct));
            }
        });
        long missing = outcome.sampled().values().stream().mapToLong(DeliveryTracker.Delivery::missing).sum();
        return String.format(Locale.ROOT, "first occurrences − distinct acknowledged: %s; sampled uuids missing %,d;"
                        + " rejected %,d", String.join(", ", parts), missing, outcome.totals().eventsRejected());
    }

    private static List<Double> values(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return samples.stream().map(s -> f.applyAsDouble(s)).toList();
    }

    private static double lag(Sample s, Receiver receiver) {
        Double ms = s.lagP99Ms().get(receiver);
        return ms == null || ms.isNaN() ? Double.POSITIVE_INFINITY : ms;
    }

    private static String lags(Sample s) {
        List<String> out = new ArrayList<>();
        for (Receiver r : Soak.TRACKED) {
            Double ms = s.lagP99Ms().get(r);
            out.add(ms == null || ms.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.0f", ms));
        }
        return String.join(" / ", out);
    }

    private static String label(Receiver r) {
        return r == Receiver.VENICE ? "Venice" : "syslog";
    }

    private static String minutes(double seconds) {
        return seconds >= 60 && seconds % 60 == 0 ? String.format(Locale.ROOT, "%.0f min", seconds / 60)
                : String.format(Locale.ROOT, "%.0f s", seconds);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.1f", v);
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    /** store.segment-bytes as the runner gets it (a size with k, m, g as the product reads it), default 8 MiB. */
    static long segmentBytes(Soak.Settings settings) {
        String v = settings.runnerProperties().getOrDefault("store.segment-bytes", "8m").trim().toLowerCase(Locale.ROOT);
        long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
    }
}
