package io.venice.events.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import io.venice.events.model.EventSource;
import io.venice.events.recorder.EventRecorder;
import io.venice.events.recorder.Recorded;
import io.venice.events.recorder.Recorded.Outcome;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code load}: a load generator like the original's {@code gen_events} simulator: simulated agents, each
 * an event source with its own recorder and connection, recording a realistic mix at a steady rate.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Record a steady stream of realistic events through the recorder and report what the proxy took. "
                + "A line of progress every second on stderr; when the run took more than 10%% (and up to a second) longer "
                + "than --total/--rate, it says it missed its rate "
                + "(exit 0 all the same; 1 when the proxy rejected events, 2 for bad input).")
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--proxy", defaultValue = "tcp://127.0.0.1:9012",
            description = "Proxy address: tcp://host:port, or tls://host:port for its TLS listener (default: ${DEFAULT-VALUE}).")
    String proxy;

    @Mixin
    RecorderTlsOptions tls;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second in all (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--total", defaultValue = "10000", description = "Events to record (default: ${DEFAULT-VALUE}).")
    int total;

    @Option(names = "--connections", defaultValue = "4",
            description = "Simulated agents, each with its own recorder, thread and connection (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--dup-ratio", defaultValue = "0.1", description = "Share of exact repeats, 0..1 (default: ${DEFAULT-VALUE}).")
    double dupRatio;

    @Option(names = "--critical-pct", defaultValue = "1", description = "Percent of critical events (default: ${DEFAULT-VALUE}).")
    double criticalPct;

    @Option(names = "--message-substring", description = "Text put in every message, to find these events later.")
    String messageSubstring;

    @Option(names = "--backup-dir", defaultValue = "data/load-backup",
            description = "Backup folder of the recorders, one subfolder per agent (default: ${DEFAULT-VALUE}).")
    Path backupDir;

    @Option(names = "--timeout", defaultValue = "1s", converter = DurationConverter.class,
            description = "Each recorder's send timeout (default: ${DEFAULT-VALUE}; a library user's default is 100ms, "
                    + "but a cold JVM's first connection can take longer).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (rate < 1) {
            problems.add("--rate must be 1 or more, got " + rate);
        }
        if (total < 1) {
            problems.add("--total must be 1 or more, got " + total);
        }
        if (connections < 1 || connections > 1024) {
            problems.add("--connections must be 1..1024, got " + connections);
        }
        if (dupRatio < 0 || dupRatio > 1) {
            problems.add("--dup-ratio must be 0..1, got " + dupRatio);
        }
        if (criticalPct < 0 || criticalPct > 100) {
            problems.add("--critical-pct must be 0..100, got " + criticalPct);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }

        AtomicLongArray outcomes = new AtomicLongArray(Outcome.values().length);
        AtomicLong sent = new AtomicLong();
        long started = System.nanoTime();
        long pacedFrom;
        long pacedUntil;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-progress");
            thread.setDaemon(true);
            return thread;
        });
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            List<Thread> agents = new ArrayList<>();
            for (int agent = 0; agent < connections; agent++) {
                int share = total / connections + (agent < total % connections ? 1 : 0);
                EventRecorder recorder = tls.applyTo(EventRecorder.builder(
                                new EventSource("load-agent-" + agent, "sim-node-" + agent), EventMix.TYPES, proxy))
                        .camelContext(camel)
                        .backupDir(backupDir.resolve("agent-" + agent))
                        .sendTimeout(timeout)
                        .build();
                EventMix mix = new EventMix(agent, dupRatio, criticalPct, messageSubstring);
                agents.add(new Thread(() -> runAgent(recorder, mix, share, (double) rate / connections, sent, outcomes),
                        "load-agent-" + agent));
            }
            pacedFrom = System.nanoTime();
            Progress progress = new Progress(total, sent, outcomes, pacedFrom);
            // one line a second on stderr, so a long run is not silent (stdout keeps only the result)
            ticker.scheduleAtFixedRate(() -> spec.commandLine().getErr().println(progress.line(System.nanoTime())),
                    1, 1, TimeUnit.SECONDS);
            agents.forEach(Thread::start);
            for (Thread agent : agents) {
                agent.join();
            }
            pacedUntil = System.nanoTime();
        } finally {
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, outcomes.get(outcome.ordinal()));
        }
        spec.commandLine().getOut().printf("sent %d, acknowledged %d, backed up %d, rejected %d in %.1f s: %.0f events/s%n",
                total, counts.get(Outcome.ACKNOWLEDGED), counts.get(Outcome.BACKED_UP), counts.get(Outcome.REJECTED),
                seconds, total / seconds);
        double pacedSeconds = (pacedUntil - pacedFrom) / 1e9;
        double reached = total / Math.max(1e-9, pacedSeconds);
        double plannedSeconds = (double) total / rate;
        if (pacedSeconds > plannedSeconds * MISSED_RATE_FACTOR + Math.min(MISSED_RATE_SLACK_SECONDS, plannedSeconds)) {
            // said, not failed: the events were recorded all the same (exit 0 unless the proxy rejected some)
            spec.commandLine().getErr().printf("venice-events: reached %.0f events/s, not the %d asked (--rate): %s%n",
                    reached, rate, counts.get(Outcome.BACKED_UP) > 0
                            ? "events were backed up (the proxy did not answer in --timeout)"
                            : "the proxy's acknowledgements or this machine were too slow (more --connections may help)");
        }
        return counts.get(Outcome.REJECTED) == 0 ? 0 : 1;
    }

    /**
     * A run that took longer than {@code --total / --rate} times this, plus {@link #MISSED_RATE_SLACK_SECONDS}
     * at most (the first connections; no more than the run was to take), says it missed its rate.
     */
    private static final double MISSED_RATE_FACTOR = 1.1;
    private static final double MISSED_RATE_SLACK_SECONDS = 1.0;

    /** The line printed every second: how far the run is, and the rate of the last second. */
    static final class Progress {
        private final int total;
        private final AtomicLong sent;
        private final AtomicLongArray outcomes;
        private long lastNanos;
        private long lastDone;

        Progress(int total, AtomicLong sent, AtomicLongArray outcomes, long startNanos) {
            this.total = total;
            this.sent = sent;
            this.outcomes = outcomes;
            this.lastNanos = startNanos;
        }

        synchronized String line(long nanos) {
            long done = 0;
            for (int i = 0; i < outcomes.length(); i++) {
                done += outcomes.get(i);
            }
            double seconds = (nanos - lastNanos) / 1e9;
            double perSecond = seconds <= 0 ? 0 : (done - lastDone) / seconds;
            lastNanos = nanos;
            lastDone = done;
            return String.format("load: sent %d of %d, acknowledged %d, backed up %d, rejected %d; %.0f events/s",
                    sent.get(), total, outcomes.get(Outcome.ACKNOWLEDGED.ordinal()),
                    outcomes.get(Outcome.BACKED_UP.ordinal()), outcomes.get(Outcome.REJECTED.ordinal()), perSecond);
        }
    }

    /** Records {@code count} events at {@code perSecond}, paced against the clock so a slow call is caught up. */
    private static void runAgent(EventRecorder recorder, EventMix mix, int count, double perSecond, AtomicLong sent,
                                 AtomicLongArray outcomes) {
        long intervalNanos = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        try (recorder) {
            for (int i = 0; i < count; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += intervalNanos;
                EventMix.Sample sample = mix.next();
                sent.incrementAndGet();
                Recorded recorded = recorder.event(sample.type(), sample.severity(), sample.message(), sample.ref());
                outcomes.incrementAndGet(recorded.outcome().ordinal());
            }
        }
    }
}
