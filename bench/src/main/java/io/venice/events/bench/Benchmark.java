package io.venice.events.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark: for each scenario, a fresh runner (the built jar, a separate process) with the Venice and syslog
 * writers pointed at a {@link CountingHttpReceiver} and a {@link CountingSyslogReceiver} in this JVM, a warm-up,
 * then the measured load from the {@link LoadGenerator}, a wait until the receivers have everything, the heap after
 * a full GC, a graceful stop. The figures go to a Markdown file ({@link Report}). {@code bench/run} is the way in;
 * {@code --help} lists the options.
 */
public final class Benchmark {

    /** The JVM options of the README's run command: the runner is measured as it is meant to be run. */
    static final List<String> README_RUN_JVM =
            List.of("-Xmx256m", "-XX:MaxDirectMemorySize=128m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");

    /** One measured load. */
    public record Scenario(String name, String title, LoadGenerator.Mode mode, int connections, long events,
                           double rate, int window, int listSize) {
    }

    /** Everything measured in one scenario; {@code failure} is non-null when it could not finish. */
    public record ScenarioResult(Scenario scenario, LoadGenerator.Result load, ReceiverCounts venice,
                                 ReceiverCounts syslog, Map<DeliveryTracker.Receiver, DeliveryTracker.Delivery> deliveries,
                                 double veniceSeconds, double syslogSeconds, boolean drained,
                                 ProcessStats.Snapshot runnerStart, ProcessStats.Snapshot runnerLoadEnd,
                                 ProcessStats.Snapshot runnerEnd, ProcessStats.Snapshot benchStart,
                                 ProcessStats.Snapshot benchLoadEnd, String machineDuringLoad,
                                 List<ThreadTimes.Group> runnerThreads, HeapProbe.Heap heap,
                                 long distinctKeysSent, RunnerProcess.LogLines errors, RunnerProcess.LogLines warnings,
                                 double stopSeconds, JfrTopFrames.Top profile, String failure) {

        ScenarioResult withRunnerEnd(RunnerProcess.LogLines newErrors, RunnerProcess.LogLines newWarnings,
                                     double newStopSeconds, JfrTopFrames.Top newProfile) {
            return new ScenarioResult(scenario, load, venice, syslog, deliveries, veniceSeconds, syslogSeconds, drained,
                    runnerStart, runnerLoadEnd, runnerEnd, benchStart, benchLoadEnd, machineDuringLoad, runnerThreads, heap,
                    distinctKeysSent, newErrors, newWarnings, newStopSeconds, newProfile, failure);
        }
    }

    /** A runner and its two receivers, for one scenario or (quick runs) for all. */
    private final class Stage implements AutoCloseable {
        final String name;
        final DeliveryTracker tracker = new DeliveryTracker(settings.sample());
        final CountingHttpReceiver http;
        final CountingSyslogReceiver sys;
        final Path dataDir;
        final Path jfr;
        final int proxyPort;
        final RunnerProcess runner;
        long distinctSent;
        int runs;
        boolean closed;

        Stage(String name) throws Exception {
            this.name = name;
            this.dataDir = settings.tmp().resolve(name);
            Files.createDirectories(dataDir);
            this.jfr = settings.profile() ? settings.resultsDir().resolve(stamp() + "-" + name + ".jfr") : null;
            this.http = CountingHttpReceiver.start(tracker);
            this.sys = CountingSyslogReceiver.start(tracker);
            this.proxyPort = freePort();
            try {
                this.runner = RunnerProcess.start(settings.jar(), settings.workDir(), runnerJvm(jfr),
                        runnerProperties(dataDir, proxyPort, http, sys), proxyPort, settings.tmp().resolve(name + ".log"));
            } catch (Exception e) {
                http.close();
                sys.close();
                throw e;
            }
            current = runner;
            writePid(runner.pid());
        }

        /** The next stream base: every load against this runner sends events no earlier load sent. */
        long nextStreams() {
            return 1000L * ++runs;
        }

        /** Stops the runner gracefully and the receivers; adds the log and the profile to the last result. */
        ScenarioResult close(ScenarioResult last) throws Exception {
            double stopSeconds = runner.stop();
            current = null;
            if (settings.pidFile() != null) {
                Files.deleteIfExists(settings.pidFile());
            }
            JfrTopFrames.Top profile = jfr != null && Files.exists(jfr) ? JfrTopFrames.read(jfr, 20) : null;
            if (last.failure() != null && Files.exists(runner.log())) {
                Path kept = settings.resultsDir().resolve(stamp() + "-" + name + "-runner.log");
                Files.copy(runner.log(), kept);
                log("  runner log kept: " + kept);
            }
            ScenarioResult result = last.withRunnerEnd(runner.logLines(" ERROR ", 5), runner.logLines(" WARN ", 5),
                    stopSeconds, profile);
            close();
            return result;
        }

        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            if (runner.isAlive()) {
                runner.kill();
            }
            current = null;
            http.close();
            sys.close();
            deleteTree(dataDir);
        }
    }

    private final Settings settings;
    private volatile RunnerProcess current;

    Benchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        if (settings == null) {
            return;
        }
        Benchmark benchmark = new Benchmark(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::killRunner, "bench-cleanup"));
        int failed = benchmark.runAll();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs every scenario, writes the report; returns how many scenarios failed. */
    int runAll() throws Exception {
        Files.createDirectories(settings.tmp());
        MachineInfo machine = MachineInfo.current(settings.workDir());
        ZonedDateTime started = ZonedDateTime.now();
        List<ScenarioResult> results = new ArrayList<>();
        if (settings.shareRunner()) {
            log("one runner for all scenarios (quick)");
            try (Stage stage = new Stage("all")) {
                for (int i = 0; i < settings.scenarios().size(); i++) {
                    results.add(measure(stage, settings.scenarios().get(i), i == settings.scenarios().size() - 1));
                }
                results.set(results.size() - 1, stage.close(results.get(results.size() - 1)));
            }
        } else {
            for (Scenario scenario : settings.scenarios()) {
                ScenarioResult result;
                try (Stage stage = new Stage(scenario.name())) {
                    result = stage.close(measure(stage, scenario, true));
                }
                results.add(result);
            }
        }
        Report report = new Report(settings, machine, started, results);
        Path file = report.write();
        log("report: " + file);
        if (settings.readme() != null) {
            report.addToSummary(settings.readme(), file);
            log("summary row added to " + settings.readme());
        }
        System.out.println();
        System.out.println(report.console());
        deleteTree(settings.tmp());
        return (int) results.stream().filter(r -> r.failure() != null).count();
    }

    /** Warm-up (unless quick), the measured load, the wait for the receivers, and (if {@code heap}) the heap. */
    private ScenarioResult measure(Stage stage, Scenario scenario, boolean heapToo) {
        log("scenario " + scenario.name() + ": " + scenario.title());
        RunnerProcess runner = stage.runner;
        LoadGenerator.Result load = null;
        ReceiverCounts venice = null;
        ReceiverCounts syslog = null;
        ProcessStats.Snapshot runnerStart = null, runnerLoadEnd = null, runnerEnd = null, benchStart = null, benchLoadEnd = null;
        HeapProbe.Heap heap = null;
        Map<DeliveryTracker.Receiver, DeliveryTracker.Delivery> deliveries = Map.of();
        double veniceSeconds = 0, syslogSeconds = 0;
        boolean drained = false;
        String machineLoad = null;
        List<ThreadTimes.Group> threads = List.of();
        String failure = null;
        try {
            LoadGenerator.Options base = LoadGenerator.Options.defaults(stage.proxyPort)
                    .withRun(settings.loadThreads(), Duration.ofMinutes(15), null);
            if (settings.warmupEvents() > 0) {
                LoadGenerator.Result warm = LoadGenerator.run(base.withMode(LoadGenerator.Mode.PIPELINE)
                        .withLoad(settings.connections(), settings.warmupEvents(), 0)
                        .withWindow(settings.pipelineWindow(), settings.listSize())
                        .withEvents(settings.repeatShare(), 42, stage.nextStreams()));
                stage.distinctSent += warm.eventsSent() - warm.repeatsSent();
                log("  warm-up: " + warm.summary());
                waitForDrain(stage, System.nanoTime());
            }
            stage.tracker.clear();
            ReceiverCounts veniceBefore = stage.http.counts();
            ReceiverCounts syslogBefore = stage.sys.counts();
            runnerStart = ProcessStats.of(runner.pid());
            benchStart = ProcessStats.self();
            MachineCpu machineStart = MachineCpu.now();
            ThreadTimes.Snapshot threadsStart = ThreadTimes.of(runner.pid());
            long loadStart = System.nanoTime();
            load = LoadGenerator.run(base.withMode(scenario.mode())
                    .withLoad(scenario.connections(), scenario.events(), scenario.rate())
                    .withWindow(scenario.window(), scenario.listSize())
                    .withEvents(settings.repeatShare(), 7, stage.nextStreams())
                    .withRun(settings.loadThreads(), Duration.ofMinutes(15), stage.tracker));
            runnerLoadEnd = ProcessStats.of(runner.pid());
            benchLoadEnd = ProcessStats.self();
            ThreadTimes.Snapshot threadsEnd = ThreadTimes.of(runner.pid());
            machineLoad = MachineCpu.now().sharesSince(machineStart);
            threads = ThreadTimes.between(threadsStart, threadsEnd, ThreadTimes.names(runner.pid()), 14);
            log("  " + load.summary());
            stage.distinctSent += load.eventsSent() - load.repeatsSent();
            drained = waitForDrain(stage, System.nanoTime());
            runnerEnd = ProcessStats.of(runner.pid());
            venice = stage.http.counts().minus(veniceBefore);
            syslog = stage.sys.counts().minus(syslogBefore);
            veniceSeconds = venice.events() == 0 ? 0 : (venice.lastArrivalNanos() - loadStart) / 1e9;
            syslogSeconds = syslog.events() == 0 ? 0 : (syslog.lastArrivalNanos() - loadStart) / 1e9;
            deliveries = stage.tracker.deliveries();
            if (!runner.isAlive()) {
                throw new IOException("the runner died during the load:\n" + runner.logTail(30));
            }
            if (heapToo) {
                heap = HeapProbe.afterFullGc(runner.pid(), 12);
            }
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            log("  FAILED: " + failure + "\n  runner log tail:\n" + runner.logTail(20));
        }
        return new ScenarioResult(scenario, load, venice, syslog, deliveries, veniceSeconds, syslogSeconds, drained,
                runnerStart, runnerLoadEnd, runnerEnd, benchStart, benchLoadEnd, machineLoad, threads, heap, stage.distinctSent,
                null, null, 0, null, failure);
    }

    /**
     * Waits until neither receiver has got anything for longer than a flush interval plus a Venice batch interval
     * plus a second (so pending repeat counts and partial batches are in); false if it still got events after
     * {@code settings.maxDrain()}.
     */
    private boolean waitForDrain(Stage stage, long from) throws InterruptedException {
        long quiet = settings.flushInterval().toNanos() + settings.batchInterval().toNanos() + 1_000_000_000L;
        long total = -1;
        long changed = System.nanoTime();
        while (true) {
            Thread.sleep(100);
            long now = System.nanoTime();
            long t = stage.http.counts().events() + stage.sys.counts().events();
            if (t != total) {
                total = t;
                changed = now;
            } else if (now - changed > quiet) {
                return true;
            }
            if (now - from > settings.maxDrain().toNanos()) {
                return false;
            }
        }
    }

    private List<String> runnerJvm(Path jfr) {
        List<String> options = new ArrayList<>(settings.runnerJvm());
        if (jfr != null) {
            options.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
        }
        return options;
    }

    private Map<String, String> runnerProperties(Path dataDir, int proxyPort, CountingHttpReceiver http,
                                                 CountingSyslogReceiver sys) {
        return runnerProperties(dataDir, proxyPort, http.url(), sys.target(), settings.fileWriter(),
                settings.flushInterval(), settings.runnerProperties());
    }

    /**
     * The runner's properties for a run against the counting receivers: its own data.dir, proxy port and HTTP ingest
     * port (free, so that it never collides with another runner's default), the Venice
     * and syslog writers on (TCP), the file writer as asked, the flush interval given, then {@code extra}, which
     * overrides any of them. The soak uses the same.
     */
    static Map<String, String> runnerProperties(Path dataDir, int proxyPort, String veniceUrl, String syslogTarget,
                                                boolean fileWriter, Duration flushInterval, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("data.dir", dataDir.toAbsolutePath().toString());
        p.put("events.node-name", "bench-runner");
        p.put("proxy.port", String.valueOf(proxyPort));
        p.put("proxy.http-port", String.valueOf(freePortOrDefault()));
        p.put("writers.venice.enabled", "true");
        p.put("writers.venice.url", veniceUrl);
        p.put("writers.syslog.enabled", "true");
        p.put("writers.syslog.target", syslogTarget);
        p.put("writers.file.enabled", String.valueOf(fileWriter));
        p.put("dispatcher.flush-interval", flushInterval.toMillis() + "ms");
        p.putAll(extra);
        return p;
    }

    /** dispatcher.max-keys as the runners get it. */
    long maxKeys() {
        return Long.parseLong(settings.runnerProperties().getOrDefault("dispatcher.max-keys", "100000"));
    }

    /** The properties every runner gets, for the report (ports and folders left as placeholders). */
    Map<String, String> reportedRunnerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("data.dir", "<temporary folder>");
        p.put("events.node-name", "bench-runner");
        p.put("proxy.port", "<free port>");
        p.put("proxy.http-port", "<free port>");
        p.put("writers.venice.enabled", "true");
        p.put("writers.venice.url", "http://127.0.0.1:<free port>/events/v1/events");
        p.put("writers.syslog.enabled", "true");
        p.put("writers.syslog.target", "tcp://127.0.0.1:<free port>");
        p.put("writers.file.enabled", String.valueOf(settings.fileWriter()));
        p.put("dispatcher.flush-interval", settings.flushInterval().toMillis() + "ms");
        p.putAll(settings.runnerProperties());
        return p;
    }

    private void writePid(long pid) throws IOException {
        if (settings.pidFile() != null) {
            Files.writeString(settings.pidFile(), pid + "\n");
        }
    }

    private void killRunner() {
        RunnerProcess runner = current;
        if (runner != null && runner.isAlive()) {
            runner.kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port, or the HTTP ingest's default when none can be found. */
    private static int freePortOrDefault() {
        try {
            return freePort();
        } catch (IOException e) {
            return 9014;
        }
    }

    static String stamp() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss").format(ZonedDateTime.now());
    }

    static void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The benchmark's options; {@link #parse} documents them. */
    record Settings(boolean quick, boolean shareRunner, List<Scenario> scenarios, long warmupEvents, int connections, double repeatShare,
                    int sample, int loadThreads, int pipelineWindow, int listSize, boolean profile,
                    List<String> runnerJvm, Map<String, String> runnerProperties, boolean fileWriter,
                    Duration flushInterval, Duration batchInterval, Duration maxDrain, Path jar, Path workDir,
                    Path resultsDir, Path readme, Path tmp, Path pidFile, String command) {

        static final String USAGE = """
                usage: Benchmark [--quick] [options]
                  --quick                  smoke run: small loads, no warm-up, one runner for all scenarios,
                                           report to target/bench-results
                  --events N               events of the pipeline and list scenarios (default 1000000; quick 5000)
                  --scenarios a,b,...      of pipeline, list, sync, delivery, and delivery@RATE: the delivery
                                           scenario at another rate (default all four and delivery@2000;
                                           quick: the four)
                  --connections N          connections of every scenario (default 16)
                  --repeat-share X         share of exact repeats (default 0.10)
                  --sync-rate N            events/s of the sync scenario (default 5000)
                  --sync-seconds N         its length (default 20; quick 1)
                  --delivery-rate N        events/s of the delivery scenario (default 50000)
                  --delivery-seconds N     its length (default 20; quick 0.2)
                  --warmup N               pipelined events before each measurement (default 100000; quick 0)
                  --window N               unanswered lines per pipelining connection (default 64)
                  --list-size N            events per EventList line (default 100; window 4 lines)
                  --share-runner BOOL      one runner for all scenarios (default false; quick true)
                  --sample N               track 1 in N events from ack to arrival, a power of two (default 4; quick 1)
                  --load-threads N         threads driving the pipelined connections (default 1)
                  --flush-interval D       the runner's dispatcher.flush-interval (default 1s)
                  --file-writer BOOL       the runner's writers.file.enabled (default true, the product default)
                  --runner-jvm "OPTS"      JVM options of the runner (default those of the README's run command:
                                           -Xmx256m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError; "" for none)
                  --runner-property K=V    any other runner property (repeatable)
                  --profile                record a JFR profile of the runner (settings=profile) per scenario
                  --jar PATH               the runner jar (default target/venice-events.jar)
                  --results DIR            where the report goes (default bench/results; quick target/bench-results)
                  --readme FILE            add a summary row to FILE (default bench/README.md for full runs; none for quick)
                  --no-readme              do not add a summary row
                  --tmp DIR                scratch folder, deleted at the end (default a new temporary folder)
                  --pid-file FILE          write the current runner's pid there (bench/run kills it on exit)
                  --command "TEXT"         the command line to quote in the report
                """;

        static Settings parse(String[] args) throws IOException {
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            boolean quick = rest.contains("--quick");
            long events = quick ? 5_000 : 1_000_000;
            boolean shareRunner = quick;
            List<String> names = quick ? List.of("pipeline", "list", "sync", "delivery")
                    : List.of("pipeline", "list", "sync", "delivery", "delivery@2000");
            int connections = 16;
            double repeatShare = 0.10;
            double syncRate = 5000;
            double syncSeconds = quick ? 1 : 20;
            double deliveryRate = 50_000;
            double deliverySeconds = quick ? 0.2 : 20;
            long warmup = quick ? 0 : 100_000;
            int window = 64;
            int listSize = 100;
            int sample = quick ? 1 : 4;
            int loadThreads = 1;
            Duration flush = Duration.ofSeconds(1);
            boolean fileWriter = true;
            List<String> runnerJvm = README_RUN_JVM;
            Map<String, String> runnerProperties = new LinkedHashMap<>();
            boolean profile = false;
            Path workDir = Path.of("").toAbsolutePath();
            Path jar = workDir.resolve("target/venice-events.jar");
            Path results = workDir.resolve(quick ? "target/bench-results" : "bench/results");
            Path readme = quick ? null : workDir.resolve("bench/README.md");
            Path tmp = null;
            Path pidFile = null;
            String command = "java -cp bench/target/venice-events-bench.jar io.venice.events.bench.Benchmark " + String.join(" ", args);
            while (!rest.isEmpty()) {
                String flag = rest.pop();
                switch (flag) {
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return null;
                    }
                    case "--quick" -> { }
                    case "--profile" -> profile = true;
                    case "--no-readme" -> readme = null;
                    default -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                        }
                        String v = rest.pop();
                        switch (flag) {
                            case "--events" -> events = Long.parseLong(v.replace("_", ""));
                            case "--scenarios" -> names = List.of(v.split(","));
                            case "--connections" -> connections = Integer.parseInt(v);
                            case "--repeat-share" -> repeatShare = Double.parseDouble(v);
                            case "--sync-rate" -> syncRate = Double.parseDouble(v);
                            case "--sync-seconds" -> syncSeconds = Double.parseDouble(v);
                            case "--delivery-rate" -> deliveryRate = Double.parseDouble(v);
                            case "--delivery-seconds" -> deliverySeconds = Double.parseDouble(v);
                            case "--warmup" -> warmup = Long.parseLong(v.replace("_", ""));
                            case "--window" -> window = Integer.parseInt(v);
                            case "--list-size" -> listSize = Integer.parseInt(v);
                            case "--sample" -> sample = Integer.parseInt(v);
                            case "--share-runner" -> shareRunner = Boolean.parseBoolean(v);
                            case "--load-threads" -> loadThreads = Integer.parseInt(v);
                            case "--flush-interval" -> flush = Durations.parse(v);
                            case "--file-writer" -> fileWriter = Boolean.parseBoolean(v);
                            case "--runner-jvm" -> runnerJvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                            case "--runner-property" -> {
                                int eq = v.indexOf('=');
                                runnerProperties.put(v.substring(0, eq), v.substring(eq + 1));
                            }
                            case "--jar" -> jar = Path.of(v).toAbsolutePath();
                            case "--results" -> results = Path.of(v).toAbsolutePath();
                            case "--readme" -> readme = Path.of(v).toAbsolutePath();
                            case "--tmp" -> tmp = Path.of(v).toAbsolutePath();
                            case "--pid-file" -> pidFile = Path.of(v).toAbsolutePath();
                            case "--command" -> command = v;
                            default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                        }
                    }
                }
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " not found: build it with mvn -B -q -DskipTests package");
            }
            Files.createDirectories(results);
            if (tmp == null) {
                tmp = Files.createTempDirectory("venice-bench-");
            }
            List<Scenario> scenarios = new ArrayList<>();
            for (String name : names) {
                if (name.trim().startsWith("delivery@")) {
                    double r = Double.parseDouble(name.trim().substring("delivery@".length()));
                    scenarios.add(new Scenario(name.trim(), String.format(Locale.ROOT,
                            "(d') as (d), paced at %2$,.0f events/s in all: delivery latency below the saturation point"
                                    + " (%1$d connections)",
                            connections, r), LoadGenerator.Mode.PIPELINE, connections, Math.round(r * deliverySeconds),
                            r, window, 1));
                    continue;
                }
                scenarios.add(switch (name.trim()) {
                    case "pipeline" -> new Scenario("pipeline", "(a) one event per line, " + connections
                            + " pipelining connections, window " + window + " lines, as fast as acknowledged",
                            LoadGenerator.Mode.PIPELINE, connections, events, 0, window, 1);
                    case "list" -> new Scenario("list", "(b) EventList lines of " + listSize + " events, "
                            + connections + " pipelining connections, window 4 lines, as fast as acknowledged",
                            LoadGenerator.Mode.LIST, connections, events, 0, 4, listSize);
                    case "sync" -> new Scenario("sync", String.format(Locale.ROOT,
                            "(c) %d synchronous clients, one event at a time, %,.0f events/s in all", connections, syncRate),
                            LoadGenerator.Mode.SYNC, connections, Math.round(syncRate * syncSeconds), syncRate, 1, 1);
                    case "delivery" -> new Scenario("delivery", String.format(Locale.ROOT,
                            "(d) one event per line, %d pipelining connections paced at %,.0f events/s in all",
                            connections, deliveryRate), LoadGenerator.Mode.PIPELINE, connections,
                            Math.round(deliveryRate * deliverySeconds), deliveryRate, window, 1);
                    default -> throw new IllegalArgumentException("unknown scenario " + name + "\n" + USAGE);
                });
            }
            return new Settings(quick, shareRunner, scenarios, warmup, connections, repeatShare, sample, loadThreads, window,
                    listSize, profile, runnerJvm, runnerProperties, fileWriter, flush, Duration.ofSeconds(1),
                    Duration.ofMinutes(3), jar, workDir, results, readme, tmp, pidFile, command);
        }
    }
}
