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
import java.util.Optional;
import java.util.function.Function;

import io.venice.events.bench.Benchmark.ScenarioResult;
import io.venice.events.bench.DeliveryTracker.Receiver;
import io.venice.events.bench.LatencyRecorder.Percentiles;

/** The benchmark's figures as Markdown: one file per run, and a row of the summary table in bench/README.md. */
final class Report {

    static final String SUMMARY_BEGIN = "<!-- summary:begin -->";
    static final String SUMMARY_END = "<!-- summary:end -->";

    private final Benchmark.Settings settings;
    private final MachineInfo machine;
    private final ZonedDateTime started;
    private final List<ScenarioResult> results;

    Report(Benchmark.Settings settings, MachineInfo machine, ZonedDateTime started, List<ScenarioResult> results) {
        this.settings = settings;
        this.machine = machine;
        this.started = started;
        this.results = results;
    }

    /** A verdict on one target. */
    record Target(String name, String measured, String verdict) {
    }

    Path write() throws IOException {
        String name = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss").format(started)
                + (settings.quick() ? "-quick" : "") + ".md";
        Path file = settings.resultsDir().resolve(name);
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        return file;
    }

    String console() {
        StringBuilder out = new StringBuilder("targets (measured on this machine; see the report for the details):\n");
        for (Target t : targets()) {
            out.append(String.format(Locale.ROOT, "  %-8s %-88s %s%n", t.verdict(), t.name(), t.measured()));
        }
        return out.toString();
    }

    /** Inserts a row for this run at the top of the summary table between the markers of {@code readme}. */
    void addToSummary(Path readme, Path reportFile) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(SUMMARY_BEGIN);
        int end = text.indexOf(SUMMARY_END);
        if (begin < 0 || end < begin) {
            throw new IOException(readme + " has no " + SUMMARY_BEGIN + " ... " + SUMMARY_END + " table");
        }
        String table = text.substring(begin + SUMMARY_BEGIN.length(), end);
        List<String> lines = new ArrayList<>(List.of(table.strip().split("\n")));
        // lines 0 and 1 are the header and the separator
        lines.add(Math.min(2, lines.size()), summaryRow(readme.getParent().relativize(reportFile).toString()));
        String updated = text.substring(0, begin + SUMMARY_BEGIN.length()) + "\n" + String.join("\n", lines) + "\n"
                + text.substring(end);
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
    }

    static String summaryHeader() {
        return "| date | commit | machine | (a) pipeline ev/s | (b) list ev/s | (c) sync p99 ms | (d) ack→arrival p99 ms Venice / syslog | (d') the same at 2,000 ev/s | heap after GC MB | peak RSS MB | report |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|";
    }

    private String summaryRow(String link) {
        return "| " + String.join(" | ",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(started),
                machine.commit(),
                machine.cores() + " cores " + machine.cpuModel() + ", Java " + Runtime.version().feature(),
                find("pipeline").map(r -> rate(r.load().ackedPerSecond())).orElse("-"),
                find("list").map(r -> rate(r.load().ackedPerSecond())).orElse("-"),
                find("sync").map(r -> Percentiles.ms(r.load().ackLatency().p99())).orElse("-"),
                find("delivery").map(r -> Percentiles.ms(p99(r, Receiver.VENICE)) + " / "
                        + Percentiles.ms(p99(r, Receiver.SYSLOG))).orElse("-"),
                find("delivery@2000").map(r -> Percentiles.ms(p99(r, Receiver.VENICE)) + " / "
                        + Percentiles.ms(p99(r, Receiver.SYSLOG))).orElse("-"),
                heapMb().map(m -> String.format(Locale.ROOT, "%.0f", m)).orElse("-"),
                peakRssMb().map(m -> String.format(Locale.ROOT, "%.0f", m)).orElse("-"),
                "[" + link.substring(link.lastIndexOf('/') + 1) + "](" + link + ")") + " |";
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(find("pipeline").map(r -> new Target(
                        "(a) >= 100,000 events/s acknowledged over " + r.scenario().connections() + " pipelining connections",
                        rate(r.load().ackedPerSecond()) + " events/s", verdict(r.load().ackedPerSecond() >= 100_000)))
                .orElse(new Target("(a) >= 100,000 events/s, pipelining", "not run", "-")));
        targets.add(find("list").map(r -> new Target(
                        "(b) >= 250,000 events/s acknowledged with EventList lines of " + r.scenario().listSize(),
                        rate(r.load().ackedPerSecond()) + " events/s", verdict(r.load().ackedPerSecond() >= 250_000)))
                .orElse(new Target("(b) >= 250,000 events/s, EventList", "not run", "-")));
        targets.add(find("sync").map(r -> {
            double p99 = r.load().ackLatency().p99();
            boolean rateHeld = r.load().ackedPerSecond() >= 0.95 * r.scenario().rate();
            return new Target(String.format(Locale.ROOT, "(c) ack p99 <= 2 ms at %,.0f events/s from %d synchronous clients",
                    r.scenario().rate(), r.scenario().connections()),
                    "p99 " + Percentiles.ms(p99) + " ms at " + rate(r.load().ackedPerSecond()) + " events/s",
                    verdict(p99 <= 2000 && rateHeld));
        }).orElse(new Target("(c) ack p99 <= 2 ms, sync", "not run", "-")));
        targets.add(find("delivery").map(r -> {
            double venice = p99(r, Receiver.VENICE);
            double syslog = p99(r, Receiver.SYSLOG);
            boolean rateHeld = r.load().ackedPerSecond() >= 0.95 * r.scenario().rate();
            boolean all = r.deliveries().values().stream().allMatch(d -> d.missing() == 0);
            return new Target(String.format(Locale.ROOT,
                    "(d) first occurrences at both receivers within 250 ms p99 of the ack, at %,.0f events/s",
                    r.scenario().rate()),
                    "p99 Venice " + Percentiles.ms(venice) + " ms, syslog " + Percentiles.ms(syslog) + " ms at "
                            + rate(r.load().ackedPerSecond()) + " events/s" + (all ? "" : " (some never arrived)"),
                    verdict(venice <= 250_000 && syslog <= 250_000 && rateHeld && all));
        }).orElse(new Target("(d) delivery within 250 ms p99", "not run", "-")));
        for (ScenarioResult r : results) {
            if (r.scenario().name().startsWith("delivery@") && r.load() != null) {
                double venice = p99(r, Receiver.VENICE);
                double syslog = p99(r, Receiver.SYSLOG);
                boolean rateHeld = r.load().ackedPerSecond() >= 0.95 * r.scenario().rate();
                boolean all = r.deliveries().values().stream().allMatch(d -> d.missing() == 0);
                targets.add(new Target(String.format(Locale.ROOT,
                        "(d') the same at %,.0f events/s (informative: below the runner's saturation here)",
                        r.scenario().rate()),
                        "p99 Venice " + Percentiles.ms(venice) + " ms, syslog " + Percentiles.ms(syslog) + " ms at "
                                + rate(r.load().ackedPerSecond()) + " events/s" + (all ? "" : " (some never arrived)"),
                        verdict(venice <= 250_000 && syslog <= 250_000 && rateHeld && all)));
            }
        }
        Optional<ScenarioResult> heapAt = heapScenario();
        targets.add(heapAt.map(r -> new Target(String.format(Locale.ROOT,
                        "(e) heap <= 100 MB after full GC with %,d keys in the dedup window (%s scenario)",
                        windowKeys(r), r.scenario().name()),
                        String.format(Locale.ROOT, "%.1f MB", r.heap().usedKb() / 1024.0),
                        windowKeys(r) < 100_000 ? "n/a (fewer keys)" : windowKeys(r) > 100_000 ? "n/a (more keys)" : verdict(r.heap().usedKb() <= 100 * 1024)))
                .orElse(new Target("(e) heap <= 100 MB after GC", "not measured", "-")));
        targets.add(peakRssMb().map(m -> new Target("(f) runner RSS <= 400 MB (peak VmHWM over all scenarios)",
                String.format(Locale.ROOT, "%.0f MB", m), verdict(m <= 400))).orElse(new Target("(f) RSS", "-", "-")));
        return targets;
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# venice-events benchmark, ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(started))
                .append(settings.quick() ? " (quick smoke run: small loads, figures not meaningful)" : "").append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(started.withNano(0)));
        row(md, "commit", machine.commit());
        row(md, "machine", machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memoryMb() + " MB RAM, "
                + machine.os());
        row(md, "Java", machine.java());
        row(md, "command", "`" + settings.command() + "`");
        md.append("\nThe runner, the load generator and both receivers share the ").append(machine.cores())
                .append(" cores of this machine: the load generator and the receivers run in one JVM (the benchmark's),"
                        + " the runner in another. CPU figures are in percent of one core (")
                .append(machine.cores() * 100).append("% = the whole machine).\n\n");

        md.append("## Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (Target t : targets()) {
            md.append("| ").append(t.name()).append(" | ").append(t.measured()).append(" | ").append(t.verdict())
                    .append(" |\n");
        }

        md.append("\n## Settings\n\n");
        md.append("- Runner: the built jar as a separate process, `java ")
                .append(settings.runnerJvm().isEmpty() ? "" : String.join(" ", settings.runnerJvm()) + " ")
                .append("-D... -jar ").append(settings.workDir().relativize(settings.jar())).append(" run`, working directory the project"
                        + " (so `config/` and `routes/` of the checkout are used), ")
                .append(settings.shareRunner() ? "one runner for all scenarios (heap measured after the last one)"
                        : "a fresh runner per scenario").append(". JVM options: ")
                .append(settings.runnerJvm().isEmpty() ? "none (JVM defaults, as `java -jar`)" : "`" + String.join(" ", settings.runnerJvm()) + "`")
                .append(settings.profile() ? "; JFR profiling on (`-XX:StartFlightRecording=settings=profile`), which costs a little" : "")
                .append(".\n");
        md.append("- Runner properties set by the benchmark: ");
        List<String> props = new ArrayList<>();
        new Benchmark(settings).reportedRunnerProperties().forEach((k, v) -> props.add("`" + k + "=" + v + "`"));
        md.append(String.join(", ", props)).append(". Everything else is the product default of"
                + " `config/application.properties`: dedup-interval 10m, max-keys 100000, store.max-bytes 1g,"
                + " store.when-full reject, Venice batch-size 100 / batch-interval 1s,"
                + " syslog rfc5424. The flush interval is 1s instead of 10s so that the updates of repeated events reach"
                + " the receivers within a run and count in the delivered figures (it is a heavier setting than the default).\n");
        md.append("- Receivers (in the benchmark's JVM, loopback): a JDK `HttpServer` with 2 handler threads answering 204"
                + " and counting the items of each POST, and a TCP server reading RFC 6587 octet-counted RFC 5424 frames,"
                + " one thread per connection. Both find `uuid` and `count` of each event by scanning the bytes (no JSON"
                + " parsing), count `count`=1 as first occurrences and higher counts as updates.\n");
        md.append(String.format(Locale.ROOT, "- Events: realistic, %d types of `config/event-types.yaml`, %,d nodes,"
                        + " average %d bytes per event as JSON on the wire; %.0f%% exact repeats (the same JSON as one of the"
                        + " last %,d distinct events of that connection), every other event distinct.%n",
                EventFactory.KINDS.size(), EventFactory.NODES, averageEventBytes(), settings.repeatShare() * 100,
                EventFactory.RECENT));
        md.append(String.format(Locale.ROOT, "- Before each measurement: %s. Acknowledgement latency is per request line,"
                        + " from the write to the reply (in the pipelined modes it includes the wait behind the window's"
                        + " other lines). Ack-to-arrival: for 1 in %d first occurrences (chosen by their uuid), the time from"
                        + " reading the reply with the uuid to the receiver getting the event with that uuid and count 1"
                        + " (not measurable with EventList replies, which carry no uuids).%n",
                settings.warmupEvents() > 0 ? String.format(Locale.ROOT,
                        "a warm-up of %,d events (pipelined, as fast as possible) and a wait until the receivers had"
                                + " everything; the dedup window therefore already holds up to 100,000 keys", settings.warmupEvents())
                        : "no warm-up (quick run)", settings.sample()));
        md.append("- Delivered events/s: events (first occurrences plus updates) a receiver got, divided by the time from"
                + " the start of the load to its last arrival; the measurement ends when neither receiver got anything for"
                + " flush-interval + batch-interval + 1 s. Runner CPU during load: /proc/<pid>/stat between the first"
                + " request and the last reply; CPU per event: from the first request until the receivers were quiet."
                + " Peak RSS: VmHWM of /proc/<pid>/status (over the runner's life, warm-up included). Heap: `jcmd <pid>"
                + " GC.run` then `GC.heap_info` after the receivers were quiet.\n");

        md.append("\n## Results per scenario\n\n");
        for (ScenarioResult r : results) {
            md.append("- **").append(r.scenario().name()).append("**: ").append(r.scenario().title()).append(
                    String.format(Locale.ROOT, ", %,d events%n", r.scenario().events()));
        }
        md.append("\n| | ");
        results.forEach(r -> md.append(r.scenario().name()).append(" | "));
        md.append("\n|---|");
        results.forEach(r -> md.append("---|"));
        md.append("\n");
        line(md, "events sent (exact repeats)", r -> String.format(Locale.ROOT, "%,d (%,d)", r.load().eventsSent(),
                r.load().repeatsSent()));
        line(md, "**events/s acknowledged**", r -> "**" + rate(r.load().ackedPerSecond()) + "**"
                + String.format(Locale.ROOT, " in %.2f s", r.load().seconds()));
        line(md, "events rejected (retry: store full)", r -> String.format(Locale.ROOT, "%,d (%,d)", r.load().eventsRejected(),
                r.load().busyEvents()));
        line(md, "ack latency per line p50 / p99 / p99.9 / max, ms", r -> latency(r.load().ackLatency()));
        for (Receiver receiver : Receiver.values()) {
            String label = receiver == Receiver.VENICE ? "Venice" : "syslog";
            line(md, "**" + label + ": events/s delivered**", r -> {
                ReceiverCounts c = counts(r, receiver);
                double seconds = receiver == Receiver.VENICE ? r.veniceSeconds() : r.syslogSeconds();
                return "**" + rate(seconds <= 0 ? 0 : c.events() / seconds) + "**"
                        + String.format(Locale.ROOT, " (last at %.2f s)", seconds);
            });
            line(md, label + ": first occurrences + updates", r -> {
                ReceiverCounts c = counts(r, receiver);
                return String.format(Locale.ROOT, "%,d + %,d", c.firsts(), c.updates());
            });
            if (receiver == Receiver.VENICE) {
                line(md, "Venice: POSTs (events per POST)", r -> String.format(Locale.ROOT, "%,d (%.1f)",
                        r.venice().messages(), (double) r.venice().events() / Math.max(1, r.venice().messages())));
            }
            line(md, label + ": first occurrences delivered − distinct events acked (+: repeats not deduplicated, −: lost)", r -> {
                ReceiverCounts c = counts(r, receiver);
                long distinct = r.load().eventsSent() - r.load().repeatsSent() - r.load().eventsRejected();
                return String.format(Locale.ROOT, "%+,d", c.firsts() - distinct);
            });
            line(md, label + ": ack to arrival p50 / p99 / p99.9 / max, ms (sample)", r -> {
                DeliveryTracker.Delivery d = r.deliveries().get(receiver);
                if (d == null || d.sampledAcked() == 0) {
                    return "n/a";
                }
                return latency(d.ackToArrival()) + String.format(Locale.ROOT, " (%,d%s%s)", d.sampledAcked(),
                        d.missing() > 0 ? String.format(Locale.ROOT, ", %,d never arrived", d.missing()) : "",
                        d.arrivedBeforeAck() > 0 ? String.format(Locale.ROOT, ", %,d before the ack was read",
                                d.arrivedBeforeAck()) : "");
            });
            line(md, label + ": receiver CPU", r -> {
                ReceiverCounts c = counts(r, receiver);
                double wall = (Math.max(c.lastArrivalNanos(), r.benchLoadEnd().wallNanos()) - r.benchStart().wallNanos()) / 1e9;
                return String.format(Locale.ROOT, "%.1f%% (%.2f s)", 100 * c.cpuSeconds() / wall, c.cpuSeconds());
            });
        }
        line(md, "**runner CPU during load** (of it in the kernel)", r -> String.format(Locale.ROOT, "**%.0f%%** (%.0f%%)",
                r.runnerLoadEnd().cpuPercentSince(r.runnerStart()), r.runnerLoadEnd().systemPercentSince(r.runnerStart())));
        line(md, "machine CPU during load (all processes)", ScenarioResult::machineDuringLoad);
        line(md, "runner context switches per event acked", r -> String.format(Locale.ROOT, "%.1f",
                (double) (r.runnerEnd().contextSwitches() - r.runnerStart().contextSwitches())
                        / Math.max(1, r.load().eventsAcked())));
        line(md, "runner CPU per event acked", r -> String.format(Locale.ROOT, "%.1f µs",
                1e6 * (r.runnerEnd().cpuSeconds() - r.runnerStart().cpuSeconds()) / Math.max(1, r.load().eventsAcked())));
        line(md, "load generator CPU", r -> String.format(Locale.ROOT, "%.0f%% (%.2f s)",
                100 * r.load().cpuSeconds() / Math.max(1e-9, r.load().seconds()), r.load().cpuSeconds()));
        line(md, "benchmark JVM CPU during load (load generator + receivers + GC)", r -> String.format(Locale.ROOT, "%.0f%%",
                r.benchLoadEnd().cpuPercentSince(r.benchStart())));
        line(md, "**runner peak RSS (VmHWM)**", r -> String.format(Locale.ROOT, "**%.0f MB**", r.runnerEnd().peakRssKb() / 1024.0));
        line(md, "runner threads", r -> String.valueOf(r.runnerEnd().threads()));
        line(md, "**runner heap after full GC** (committed)", r -> r.heap() == null ? "-" : String.format(Locale.ROOT,
                "**%.1f MB** (%.0f MB)", r.heap().usedKb() / 1024.0, r.heap().capacityKb() / 1024.0));
        line(md, "keys in the dedup window at the end", r -> String.format(Locale.ROOT, "%,d", windowKeys(r)));
        line(md, "runner log ERROR / WARN lines", r -> r.errors() == null ? "-" : String.format(Locale.ROOT, "%,d / %,d",
                r.errors().count(), r.warnings().count()));
        line(md, "graceful stop", r -> r.stopSeconds() < 0 ? "killed after 60 s" : String.format(Locale.ROOT, "%.1f s", r.stopSeconds()));
        line(md, "receivers quiet before the deadline", r -> r.drained() ? "yes" : "**no**");

        for (ScenarioResult r : results) {
            if (r.failure() != null) {
                md.append("\n**").append(r.scenario().name()).append(" failed**: `").append(r.failure().replace('\n', ' '))
                        .append("`\n");
            }
        }

        md.append("\n## Runner log\n\n");
        for (ScenarioResult r : results) {
            if (r.errors() == null) {
                continue;
            }
            md.append("- ").append(r.scenario().name()).append(String.format(Locale.ROOT, ": %,d ERROR, %,d WARN lines",
                    r.errors().count(), r.warnings().count()));
            List<String> first = new ArrayList<>(r.errors().first());
            first.addAll(r.warnings().first());
            if (first.isEmpty()) {
                md.append("\n");
            } else {
                md.append("; the first:\n\n```\n").append(String.join("\n", first)).append("\n```\n");
            }
        }

        md.append("\n## Runner threads during the load\n\nCPU time and time spent runnable but waiting for a CPU"
                + " (`/proc/<pid>/task/<tid>/schedstat`, kernel time included), in percent of one core over the load,"
                + " threads named by `jcmd Thread.print`, pools summed:\n");
        for (ScenarioResult r : results) {
            if (r.runnerThreads() == null || r.runnerThreads().isEmpty()) {
                continue;
            }
            md.append("\n").append(r.scenario().name()).append(":\n\n```\n");
            r.runnerThreads().forEach(g -> md.append(g.line()).append("\n"));
            md.append("```\n");
        }

        heapScenario().ifPresent(r -> {
            md.append("\n## What the runner's heap holds (").append(r.scenario().name())
                    .append(", after a full GC, `jcmd GC.class_histogram`)\n\n```\n")
                    .append(String.join("\n", r.heap().topClasses())).append("\n```\n");
        });

        for (ScenarioResult r : results) {
            if (r.profile() == null) {
                continue;
            }
            md.append("\n## Profile of the runner: ").append(r.scenario().name()).append(String.format(Locale.ROOT,
                    " (JFR, %,d execution samples, warm-up included)%n%n", r.profile().samples()));
            md.append("Self (top of stack):\n\n```\n").append(String.join("\n", r.profile().self())).append("\n```\n\n");
            md.append("Total (anywhere on the stack):\n\n```\n").append(String.join("\n", r.profile().total()))
                    .append("\n```\n\nBy thread:\n\n```\n").append(String.join("\n", r.profile().threads())).append("\n```\n");
        }
        return md.toString();
    }

    private void line(StringBuilder md, String label, Function<ScenarioResult, String> value) {
        md.append("| ").append(label).append(" | ");
        for (ScenarioResult r : results) {
            String v;
            try {
                v = r.load() == null ? "-" : value.apply(r);
            } catch (RuntimeException e) {
                v = "-";
            }
            md.append(v).append(" | ");
        }
        md.append("\n");
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private Optional<ScenarioResult> find(String name) {
        return results.stream().filter(r -> r.scenario().name().equals(name) && r.load() != null).findFirst();
    }

    /** The scenario whose heap figure answers target (e): the delivery one, else the last with a heap reading. */
    private Optional<ScenarioResult> heapScenario() {
        Optional<ScenarioResult> delivery = find("delivery").filter(r -> r.heap() != null);
        if (delivery.isPresent()) {
            return delivery;
        }
        return results.stream().filter(r -> r.heap() != null).reduce((a, b) -> b);
    }

    private Optional<Double> heapMb() {
        return heapScenario().map(r -> r.heap().usedKb() / 1024.0);
    }

    private Optional<Double> peakRssMb() {
        return results.stream().filter(r -> r.runnerEnd() != null)
                .map(r -> r.runnerEnd().peakRssKb() / 1024.0).max(Double::compare);
    }

    private long windowKeys(ScenarioResult r) {
        return Math.min(new Benchmark(settings).maxKeys(), r.distinctKeysSent());
    }

    private static ReceiverCounts counts(ScenarioResult r, Receiver receiver) {
        return receiver == Receiver.VENICE ? r.venice() : r.syslog();
    }

    private static double p99(ScenarioResult r, Receiver receiver) {
        DeliveryTracker.Delivery d = r.deliveries().get(receiver);
        return d == null ? Double.NaN : d.ackToArrival().p99();
    }

    private static String latency(Percentiles p) {
        return Percentiles.ms(p.p50()) + " / " + Percentiles.ms(p.p99()) + " / " + Percentiles.ms(p.p999()) + " / "
                + Percentiles.ms(p.max());
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static int averageEventBytes() {
        EventFactory factory = new EventFactory(1, 0, 1);
        long bytes = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            bytes += factory.singleLine().length - 1;
        }
        return (int) (bytes / n);
    }
}
