package io.venice.events.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.venice.events.bench.DeliveryTracker.Receiver;

/**
 * The soak: one runner (the built jar, a separate process, the README's JVM options) with all three writers on, the
 * Venice and syslog writers pointed at the counting receivers in this JVM and the file writer's files counted as they
 * grow ({@link EventFileCounter}), under a steady paced load ({@link LoadGenerator}, realistic events with their
 * repeats) for a long time. Every interval it samples the runner's heap after a full GC, RSS, open file descriptors,
 * threads and store bytes on disk, and the load's achieved rate and the delivery lag. At the end: a Markdown report
 * ({@link SoakReport}) with a verdict per resource ({@link Trend}), and whether every event was delivered.
 * {@code bench/soak} is the way in; {@code --help} lists the options.
 */
public final class Soak {

    /** The receivers the tracker follows; the file writer is checked by its exact counts only. */
    static final Set<Receiver> TRACKED = EnumSet.of(Receiver.VENICE, Receiver.SYSLOG);

    /** An arrival whose acknowledgement was not read after this long is not coming. */
    static final long UNACKED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * One sample.
     *
     * @param seconds        since the load started (negative: before it)
     * @param phase          {@code idle} before the load, {@code warm-up} in its first minutes (not judged), {@code load},
     *                       {@code end} when the load ended during the sample (not judged), {@code drained} after the
     *                       receivers went quiet
     * @param heapAfterGcKb  the live heap after a full GC ({@link HeapProbe#liveKb})
     * @param rssKb          VmRSS
     * @param fds            entries of /proc/pid/fd
     * @param socketFds      of which sockets
     * @param threads        Threads of /proc/pid/status
     * @param storeBytes     bytes of the files under data.dir/store
     * @param sentPerSecond  events sent per second since the previous sample
     * @param ackedPerSecond events acknowledged per second since the previous sample
     * @param backlog        per writer, distinct events acknowledged and not yet arrived as first occurrences
     * @param lagP99Ms       per tracked receiver, ack-to-arrival p99 of the sampled events settled since the previous
     *                       sample (NaN when none)
     */
    record Sample(double seconds, String phase, long heapAfterGcKb, long rssKb, int fds, int socketFds, int threads,
                  long storeBytes, double sentPerSecond, double ackedPerSecond, Map<String, Long> backlog,
                  Map<Receiver, Double> lagP99Ms) {

        Sample withPhase(String newPhase) {
            return new Sample(seconds, newPhase, heapAfterGcKb, rssKb, fds, socketFds, threads, storeBytes, sentPerSecond,
                    ackedPerSecond, backlog, lagP99Ms);
        }
    }

    /** What the soak found; {@code failure} is non-null when it could not run to the end. */
    record Outcome(List<Sample> samples, LoadGenerator.Result load, LoadProgress.Totals totals,
                   Map<String, ReceiverCounts> writers, Map<Receiver, DeliveryTracker.Delivery> sampled,
                   long sampledSettled, long arrivedUnacked, boolean drained, long peakRssKb, HeapProbe.Heap heapAtEnd,
                   RunnerProcess.LogLines errors, RunnerProcess.LogLines warnings, List<String> runnerCommand,
                   String failure) {
    }

    private final Settings settings;
    private volatile RunnerProcess current;

    Soak(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        if (settings == null) {
            return;
        }
        Soak soak = new Soak(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(soak::killRunner, "soak-cleanup"));
        System.exit(soak.run());
    }

    /** Runs the soak, writes the report; 0 when every resource was steady, the rate held and every event arrived. */
    int run() throws Exception {
        Files.createDirectories(settings.tmp());
        MachineInfo machine = MachineInfo.current(settings.workDir());
        ZonedDateTime started = ZonedDateTime.now();
        Outcome outcome = soak();
        SoakReport report = new SoakReport(settings, machine, started, outcome);
        Path file = report.write();
        Benchmark.log("report: " + file);
        System.out.println();
        System.out.println(report.console());
        deleteTree(settings.tmp());
        return report.passed() ? 0 : 1;
    }

    private Outcome soak() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker(settings.sample());
        Path dataDir = settings.tmp().resolve("data");
        Files.createDirectories(dataDir);
        List<Sample> samples = new ArrayList<>();
        LoadProgress progress = new LoadProgress();
        LoadGenerator.Result load = null;
        HeapProbe.Heap heapAtEnd = null;
        boolean drained = false;
        String failure = null;
        long peakRss = 0;
        Map<String, ReceiverCounts> writers = new LinkedHashMap<>();
        EventFileCounter files = new EventFileCounter(dataDir.resolve("events"));
        ExecutorService loadThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "soak-load");
            t.setDaemon(true);
            return t;
        });
        try (CountingHttpReceiver http = CountingHttpReceiver.start(tracker);
             CountingSyslogReceiver sys = CountingSyslogReceiver.start(tracker)) {
            int proxyPort = Benchmark.freePort();
            RunnerProcess runner = RunnerProcess.start(settings.jar(), settings.workDir(), settings.runnerJvm(),
                    runnerProperties(dataDir, proxyPort, http, sys), proxyPort, settings.tmp().resolve("runner.log"));
            current = runner;
            if (settings.pidFile() != null) {
                Files.writeString(settings.pidFile(), runner.pid() + "\n");
            }
            Sampler sampler = new Sampler(runner.pid(), dataDir.resolve("store"), http, sys, files, tracker, progress);
            try {
                Benchmark.log(String.format(java.util.Locale.ROOT, "soak: %,.0f events/s for %s, a sample every %s s;"
                                + " runner pid %d", settings.rate(), settings.duration(),
                        settings.interval().toSeconds(), runner.pid()));
                samples.add(sampler.sample("idle", System.nanoTime()));
                long events = Math.round(settings.rate() * settings.duration().toMillis() / 1000.0);
                LoadGenerator.Options options = LoadGenerator.Options.defaults(proxyPort)
                        .withMode(LoadGenerator.Mode.PIPELINE)
                        .withLoad(settings.connections(), events, settings.rate())
                        .withWindow(settings.window(), 1)
                        .withEvents(settings.repeatShare(), 7, 1000)
                        .withRun(1, settings.duration().plusMinutes(10), tracker)
                        .withProgress(progress);
                long loadStart = System.nanoTime();
                sampler.start(loadStart);
                Future<LoadGenerator.Result> running = loadThread.submit(() -> LoadGenerator.run(options));
                long next = loadStart + settings.interval().toNanos();
                while (load == null) {
                    long wait = next - System.nanoTime();
                    try {
                        load = running.get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
                        continue;
                    } catch (TimeoutException due) {
                        // time for a sample
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception ex ? ex : e;
                    }
                    if (!runner.isAlive()) {
                        running.cancel(true);
                        throw new IOException("the runner died during the load:\n" + runner.logTail(30));
                    }
                    long now = System.nanoTime();
                    Sample s = sampler.sample(now - loadStart < settings.warmup().toNanos() ? "warm-up" : "load", now);
                    if (running.isDone()) {
                        // The load ended while this sample was taken: its connections were closing (fewer fds, a
                        // partial rate). Shown, not judged.
                        s = s.withPhase("end");
                    }
                    samples.add(s);
                    Benchmark.log("  " + SoakReport.consoleLine(s));
                    next += settings.interval().toNanos();
                }
                Benchmark.log("  load: " + load.summary());
                drained = waitForDrain(http, sys, files);
                if (!runner.isAlive()) {
                    throw new IOException("the runner died after the load:\n" + runner.logTail(30));
                }
                Sample end = sampler.sample("drained", System.nanoTime());
                samples.add(end);
                Benchmark.log("  " + SoakReport.consoleLine(end));
                heapAtEnd = HeapProbe.afterFullGc(runner.pid(), 12);
                peakRss = ProcessStats.of(runner.pid()).peakRssKb();
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                Benchmark.log("  FAILED: " + failure + "\n  runner log tail:\n" + runner.logTail(20));
                if (runner.isAlive()) {
                    try {
                        peakRss = ProcessStats.of(runner.pid()).peakRssKb();
                    } catch (IOException gone) {
                        // it ended meanwhile
                    }
                }
            } finally {
                loadThread.shutdownNow();
            }
            // A graceful stop sends the pending counts; then nothing writes to the receivers or the files any more.
            runner.stop();
            current = null;
            if (settings.pidFile() != null) {
                Files.deleteIfExists(settings.pidFile());
            }
            if (failure != null && Files.exists(runner.log())) {
                Path kept = settings.resultsDir().resolve(Benchmark.stamp() + "-soak-runner.log");
                Files.copy(runner.log(), kept);
                Benchmark.log("  runner log kept: " + kept);
            }
            Thread.sleep(500);
            writers.put("Venice", http.counts());
            writers.put("syslog", sys.counts());
            writers.put("file", settings.fileWriter() ? files.finish() : null);
            DeliveryTracker.Settled last = tracker.settle(TRACKED, System.nanoTime(), 0);
            Map<Receiver, DeliveryTracker.Delivery> sampled = tracker.deliveries();
            return new Outcome(samples, load, progress.snapshot(), writers, sampled,
                    sampler.settled + last.settled(), sampler.unacked + last.arrivedUnacked(), drained, peakRss,
                    heapAtEnd, runner.logLines(" ERROR ", 5), runner.logLines(" WARN ", 5), runner.command(), failure);
        }
    }

    /** Takes the samples; remembers the previous one for the rates. */
    private final class Sampler {
        final long pid;
        final Path store;
        final CountingHttpReceiver http;
        final CountingSyslogReceiver sys;
        final EventFileCounter files;
        final DeliveryTracker tracker;
        final LoadProgress progress;
        long loadStart = Long.MIN_VALUE;
        long lastNanos;
        LoadProgress.Totals lastTotals = new LoadProgress.Totals(0, 0, 0, 0, 0);
        long settled;
        long unacked;

        Sampler(long pid, Path store, CountingHttpReceiver http, CountingSyslogReceiver sys, EventFileCounter files,
                DeliveryTracker tracker, LoadProgress progress) {
            this.pid = pid;
            this.store = store;
            this.http = http;
            this.sys = sys;
            this.files = files;
            this.tracker = tracker;
            this.progress = progress;
        }

        void start(long nanos) {
            loadStart = nanos;
            lastNanos = nanos;
        }

        Sample sample(String phase, long now) throws IOException, InterruptedException {
            // Arrivals first, then the acknowledgements: a backlog is never under-counted.
            ReceiverCounts venice = http.counts();
            ReceiverCounts syslog = sys.counts();
            ReceiverCounts file = settings.fileWriter() ? files.rotateAndCount() : null;
            LoadProgress.Totals totals = progress.snapshot();
            DeliveryTracker.Settled done = tracker.settle(TRACKED, now, UNACKED_GRACE_NANOS);
            settled += done.settled();
            unacked += done.arrivedUnacked();
            Map<String, Long> backlog = new LinkedHashMap<>();
            backlog.put("Venice", totals.distinctAcked() - venice.firsts());
            backlog.put("syslog", totals.distinctAcked() - syslog.firsts());
            if (file != null) {
                backlog.put("file", totals.distinctAcked() - file.firsts());
            }
            Map<Receiver, Double> lag = new LinkedHashMap<>();
            done.ackToArrival().forEach((receiver, p) -> lag.put(receiver, p.p99() / 1000.0));
            double seconds = loadStart == Long.MIN_VALUE ? 0 : (now - loadStart) / 1e9;
            double interval = (now - lastNanos) / 1e9;
            double sent = lastNanos == 0 || interval <= 0 ? 0 : (totals.eventsSent() - lastTotals.eventsSent()) / interval;
            double acked = lastNanos == 0 || interval <= 0 ? 0 : (totals.eventsAcked() - lastTotals.eventsAcked()) / interval;
            lastNanos = now;
            lastTotals = totals;
            ProcessStats.Snapshot stats = ProcessStats.of(pid);
            int[] fds = fds(pid);
            long storeBytes = bytesUnder(store);
            long heap = HeapProbe.liveKb(pid);
            return new Sample(seconds, phase, heap, stats.rssKb(), fds[0], fds[1], stats.threads(), storeBytes, sent,
                    acked, backlog, lag);
        }
    }

    /** Open file descriptors of a process, and how many of them are sockets. */
    static int[] fds(long pid) throws IOException {
        int all = 0;
        int sockets = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                all++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        }
        return new int[] {all, sockets};
    }

    /** Bytes of the regular files under {@code dir} (0 when it does not exist yet). */
    static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                try {
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                } catch (IOException deleted) {
                    // a segment deleted while we walked
                }
            }
        } catch (java.io.UncheckedIOException deleted) {
            // a folder changed while we walked: the next sample reads it again
        }
        return total;
    }

    /**
     * Waits until neither receiver nor the file writer's files got anything for a flush interval plus a Venice batch
     * interval plus a second; false if they still got events after 3 minutes.
     */
    private boolean waitForDrain(CountingHttpReceiver http, CountingSyslogReceiver sys, EventFileCounter files)
            throws InterruptedException, IOException {
        long quiet = settings.flushInterval().toNanos() + TimeUnit.SECONDS.toNanos(2);
        long from = System.nanoTime();
        long total = -1;
        long changed = from;
        long fileLines = 0;
        for (int tick = 0; ; tick++) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (settings.fileWriter() && tick % 10 == 0) {
                fileLines = files.rotateAndCount().events();
            }
            long t = http.counts().events() + sys.counts().events() + fileLines;
            if (t != total) {
                total = t;
                changed = now;
            } else if (now - changed > quiet) {
                return true;
            }
            if (now - from > TimeUnit.MINUTES.toNanos(3)) {
                return false;
            }
        }
    }

    Map<String, String> runnerProperties(Path dataDir, int proxyPort, CountingHttpReceiver http,
                                         CountingSyslogReceiver sys) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("management.port", String.valueOf(Benchmark.freePort()));
        extra.putAll(settings.runnerProperties());
        return Benchmark.runnerProperties(dataDir, proxyPort, http.url(), sys.target(), settings.fileWriter(),
                settings.flushInterval(), extra);
    }

    private void killRunner() {
        RunnerProcess runner = current;
        if (runner != null && runner.isAlive()) {
            runner.kill();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The soak's options; {@link #USAGE} documents them. */
    record Settings(double rate, Duration duration, Duration interval, Duration warmup, int connections, int window, double repeatShare,
                    int sample, List<String> runnerJvm, Map<String, String> runnerProperties, boolean fileWriter,
                    Duration flushInterval, Path jar, Path workDir, Path resultsDir, Path tmp, Path pidFile,
                    String command) {

        static final String USAGE = """
                usage: Soak [options]   (bench/soak: RATE=20000 MINUTES=20 INTERVAL=30 WARMUP=1 in the environment)
                  --rate N                 events/s in all, paced (default 20000)
                  --minutes X              length of the load (default 20)
                  --interval N             seconds between samples (default 30)
                  --warmup X               minutes at the start whose samples are shown, not judged (default 1; at
                                           most half the load)
                  --connections N          pipelining connections (default 16)
                  --window N               unanswered lines per connection (default 64)
                  --repeat-share X         share of exact repeats (default 0.10)
                  --sample N               track 1 in N events from ack to arrival, a power of two (default 64)
                  --flush-interval D       the runner's dispatcher.flush-interval (default 1s, as bench/run)
                  --file-writer BOOL       the runner's writers.file.enabled (default true)
                  --runner-jvm "OPTS"      JVM options of the runner (default those of the README's run command:
                                           -Xmx256m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError)
                  --runner-property K=V    any other runner property (repeatable)
                  --jar PATH               the runner jar (default target/venice-events.jar)
                  --results DIR            where the report goes (default bench/results)
                  --tmp DIR                scratch folder, deleted at the end (default a new temporary folder)
                  --pid-file FILE          write the runner's pid there (bench/soak kills it on exit)
                  --command "TEXT"         the command line to quote in the report
                """;

        static Settings parse(String[] args) throws IOException {
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            double rate = 20_000;
            double minutes = 20;
            long interval = 30;
            double warmup = 1;
            int connections = 16;
            int window = 64;
            double repeatShare = 0.10;
            int sample = 64;
            Duration flush = Duration.ofSeconds(1);
            boolean fileWriter = true;
            List<String> runnerJvm = Benchmark.README_RUN_JVM;
            Map<String, String> runnerProperties = new LinkedHashMap<>();
            Path workDir = Path.of("").toAbsolutePath();
            Path jar = workDir.resolve("target/venice-events.jar");
            Path results = workDir.resolve("bench/results");
            Path tmp = null;
            Path pidFile = null;
            String command = "java -cp bench/target/venice-events-bench.jar io.venice.events.bench.Soak " + String.join(" ", args);
            while (!rest.isEmpty()) {
                String flag = rest.pop();
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.print(USAGE);
                    return null;
                }
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                }
                String v = rest.pop();
                switch (flag) {
                    case "--rate" -> rate = Double.parseDouble(v.replace("_", ""));
                    case "--minutes" -> minutes = Double.parseDouble(v);
                    case "--interval" -> interval = Long.parseLong(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--window" -> window = Integer.parseInt(v);
                    case "--repeat-share" -> repeatShare = Double.parseDouble(v);
                    case "--sample" -> sample = Integer.parseInt(v);
                    case "--flush-interval" -> flush = Durations.parse(v);
                    case "--file-writer" -> fileWriter = Boolean.parseBoolean(v);
                    case "--runner-jvm" -> runnerJvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                    case "--runner-property" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--runner-property needs KEY=VALUE, not " + v);
                        }
                        runnerProperties.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    case "--jar" -> jar = Path.of(v).toAbsolutePath();
                    case "--results" -> results = Path.of(v).toAbsolutePath();
                    case "--tmp" -> tmp = Path.of(v).toAbsolutePath();
                    case "--pid-file" -> pidFile = Path.of(v).toAbsolutePath();
                    case "--command" -> command = v;
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                }
            }
            if (rate <= 0 || minutes <= 0 || interval < 1 || connections < 1 || window < 1 || warmup < 0) {
                throw new IllegalArgumentException("rate, minutes, interval, connections and window must be positive\n"
                        + USAGE);
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " not found: build it with mvn -B -q -DskipTests package");
            }
            Files.createDirectories(results);
            if (tmp == null) {
                tmp = Files.createTempDirectory("venice-soak-");
            }
            return new Settings(rate, Duration.ofMillis(Math.round(minutes * 60_000)), Duration.ofSeconds(interval),
                    Duration.ofMillis(Math.round(Math.min(warmup, minutes / 2) * 60_000)), connections, window, repeatShare, sample, runnerJvm, runnerProperties, fileWriter, flush, jar, workDir,
                    results, tmp, pidFile, command);
        }
    }
}
