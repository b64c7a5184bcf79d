package io.venice.events.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        description = "Record a steady stream of realistic events through the recorder and report what the proxy took.")
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
        long started = System.nanoTime();
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
                Thread thread = new Thread(() -> runAgent(recorder, mix, share, (double) rate / connections, outcomes),
                        "load-agent-" + agent);
                agents.add(thread);
                thread.start();
            }
            for (Thread agent : agents) {
                agent.join();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, outcomes.get(outcome.ordinal()));
        }
        spec.commandLine().getOut().printf("sent %d, acknowledged %d, backed up %d, rejected %d in %.1f s: %.0f events/s%n",
                total, counts.get(Outcome.ACKNOWLEDGED), counts.get(Outcome.BACKED_UP), counts.get(Outcome.REJECTED),
                seconds, total / seconds);
        return counts.get(Outcome.REJECTED) == 0 ? 0 : 1;
    }

    /** Records {@code count} events at {@code perSecond}, paced against the clock so a slow call is caught up. */
    private static void runAgent(EventRecorder recorder, EventMix mix, int count, double perSecond, AtomicLongArray outcomes) {
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
                Recorded recorded = recorder.event(sample.type(), sample.severity(), sample.message(), sample.ref());
                outcomes.incrementAndGet(recorded.outcome().ordinal());
            }
        }
    }
}
