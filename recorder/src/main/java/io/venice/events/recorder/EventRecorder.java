package io.venice.events.recorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.ProxyClient.ProxyUnavailableException;
import io.venice.events.recorder.Recorded.Outcome;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records events for one event source and sends them to the proxy, the seed's {@code NewRecorder}:
 * <pre>{@code
 * try (EventRecorder recorder = EventRecorder.create(new EventSource("linkmgr", "leaf1"),
 *         List.of("LINK_UP", "LINK_DOWN"), "tcp://127.0.0.1:9012")) {
 *     recorder.event("LINK_DOWN", Severity.WARN, "port eth1 down", ObjectRef.of("Port", "eth1"));
 * }
 * }</pre>
 * <ul>
 *   <li>{@link #event} waits at most the send timeout (default 100 ms) for the proxy's acknowledgement.</li>
 *   <li>An event the proxy does not acknowledge (refused, timed out, busy) is appended to the backup
 *       directory and replayed in order once the proxy answers again; while a backlog exists, new events
 *       queue behind it. Backup files left by an earlier process are replayed too.</li>
 *   <li>Each event gets its uuid and timestamps at record time, so a replay keeps its identity and the
 *       proxy does not count it twice.</li>
 *   <li>Bad input (unknown type, null severity, blank message) throws {@link InvalidEventException};
 *       nothing else is affected.</li>
 *   <li>Thread-safe. {@link #close()} gives the backlog one more replay (waiting at most the send timeout
 *       × 10), then releases everything; what is left stays on disk for next time. It is idempotent.</li>
 * </ul>
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final EventSource source;
    private final Set<String> eventTypes;
    private final List<String> eventTypeList;
    private final Clock clock;
    private final CamelContext camel;
    private final boolean ownsCamel;
    private final ProxyClient proxy;
    private final BackupStore backup;
    private final BacklogReplayer replayer;
    private final String routeId;
    private final Duration closeTimeout;
    private final ReentrantLock backlogLock = new ReentrantLock();
    private volatile boolean backlogPending;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong failedReplays = new java.util.concurrent.atomic.AtomicLong();

    private EventRecorder(Builder builder) throws Exception {
        this.source = builder.source;
        this.eventTypes = Set.copyOf(builder.eventTypes);
        this.eventTypeList = builder.eventTypes;
        this.clock = builder.clock;
        this.ownsCamel = builder.camel == null;
        this.camel = ownsCamel ? new DefaultCamelContext() : builder.camel;
        if (ownsCamel) {
            camel.getCamelContextExtension().setName("venice-events-recorder");
            camel.start();
        }
        this.proxy = new ProxyClient(camel, builder.proxy, builder.sendTimeout);
        this.backup = new BackupStore(camel.createProducerTemplate(), builder.backupDir, source.component(),
                builder.maxBackupBytes, clock);
        this.routeId = "recorder-replay-" + source.component().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.closeTimeout = builder.sendTimeout.multipliedBy(10);
        this.backlogPending = !backup.isEmpty();
        Duration replayTimeout = builder.sendTimeout.compareTo(Duration.ofSeconds(2)) > 0 ? builder.sendTimeout : Duration.ofSeconds(2);
        this.replayer = new BacklogReplayer(new ProxyClient(camel, builder.proxy, replayTimeout), builder.replayBatchSize);
        camel.addRoutes(new ReplayRoute(routeId, builder.replayInterval, this));
    }

    /** A recorder with the defaults: backup in {@code ~/.venice-events/backup}, 100 ms send timeout. */
    public static EventRecorder create(EventSource source, List<String> eventTypes, String proxyUrl) {
        return builder(source, eventTypes, proxyUrl).build();
    }

    public static Builder builder(EventSource source, List<String> eventTypes, String proxyUrl) {
        return new Builder(source, eventTypes, proxyUrl);
    }

    /**
     * Records one event. Returns once the proxy acknowledged it, or once it is safely in the backup.
     *
     * @param ref the object the event is about; may be null
     * @throws InvalidEventException for a type not in this recorder's list, a null severity or a blank message
     * @throws IllegalStateException after {@link #close()}
     */
    public Recorded event(String type, Severity severity, String message, ObjectRef ref) {
        if (closed) {
            throw new IllegalStateException("the recorder for " + source.component() + " is closed");
        }
        if (type == null || !eventTypes.contains(type)) {
            throw new InvalidEventException("type '" + type + "' is not one of this recorder's event types " + eventTypeList);
        }
        if (severity == null) {
            throw new InvalidEventException("severity is null (expected one of info, warn, critical, debug)");
        }
        if (message == null || message.isBlank()) {
            throw new InvalidEventException("message is blank");
        }
        String uuid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Event event = new Event(Event.KIND, new Meta(uuid, null, null, uuid, null, now, now, Event.SELF_LINK_PREFIX + uuid),
                type, severity, message, null, ref, source, 1);
        String line = EventJson.write(event);

        if (backlogPending) {
            return backUp(uuid, line, "behind the backlog");
        }
        try {
            ProxyReply reply = proxy.send(line);
            if (reply.ok()) {
                return new Recorded(Outcome.ACKNOWLEDGED, uuid, "");
            }
            if (reply.retry()) {
                return backUp(uuid, line, reply.error());
            }
            LOG.warn("The proxy refused event {} ({}): {}", io.venice.events.text.LogText.of(uuid), io.venice.events.text.LogText.of(type), io.venice.events.text.LogText.of(reply.error()));
            return new Recorded(Outcome.REJECTED, uuid, reply.error());
        } catch (ProxyUnavailableException e) {
            return backUp(uuid, line, "proxy unavailable: " + e.getMessage());
        }
    }

    private Recorded backUp(String uuid, String line, String why) {
        backlogLock.lock();
        try {
            if (!backlogPending) {
                LOG.warn("Proxy not taking events ({}); backing up to {} until it does", io.venice.events.text.LogText.of(why), backup.replayDir().getParent());
            }
            backlogPending = true;
            backup.append(List.of(line));
        } finally {
            backlogLock.unlock();
        }
        return new Recorded(Outcome.BACKED_UP, uuid, why);
    }

    /**
     * Called by the replay route: sends the files waiting for replay, then moves events backed up meanwhile
     * behind them, and ends the backlog once everything is delivered. New events keep going to the backup
     * until then, so they never overtake older ones.
     */
    public void replayBacklog() {
        // events recorded during a replay go to the backup too: keep going until a rotation finds none
        while (backlogPending) {
            try {
                replayer.replay(backup.replayDir());
            } catch (ProxyUnavailableException | java.io.IOException e) {
                failedReplays.incrementAndGet();
                LOG.debug("Backlog not replayed yet: {}", io.venice.events.text.LogText.of(e.getMessage()));
                return;
            }
            backlogLock.lock();
            try {
                if (!backup.rotate()) {
                    backlogPending = false;
                    LOG.info("Backlog for {} delivered; sending directly again", source.component());
                }
            } finally {
                backlogLock.unlock();
            }
        }
    }

    /** Whether events are waiting in the backup. */
    public boolean hasBacklog() {
        return backlogPending;
    }

    /** Events dropped from the backup because it reached its size limit (each drop is logged as an ERROR). */
    public long droppedEvents() {
        return backup.dropped();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // give the backlog one more chance, but stop waiting as soon as a replay fails (the proxy is still away)
        long failuresBefore = failedReplays.get();
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (backlogPending && failedReplays.get() == failuresBefore && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
            proxy.close();
            if (ownsCamel) {
                camel.close();
            }
        } catch (Exception e) {
            LOG.warn("Closing the recorder for {}: {}", source.component(), e.getMessage());
        }
        if (backlogPending) {
            LOG.warn("Recorder for {} closed with a backlog; it stays in {} for the next recorder", source.component(),
                    backup.replayDir().getParent());
        }
    }

    /** Settings beyond the seed's three; each has a default. */
    public static final class Builder {
        private EventSource source;
        private final List<String> eventTypes;
        private final ProxyAddress proxy;
        private Path backupDir = Path.of(System.getProperty("user.home"), ".venice-events", "backup");
        private Duration sendTimeout = Duration.ofMillis(100);
        private Duration replayInterval = Duration.ofSeconds(1);
        private int replayBatchSize = 100;
        private long maxBackupBytes = 256L * 1024 * 1024;
        private CamelContext camel;
        private Clock clock = Clock.systemUTC();

        private Builder(EventSource source, List<String> eventTypes, String proxyUrl) {
            Objects.requireNonNull(source, "source");
            if (source.component() == null || source.component().isBlank()) {
                throw new IllegalArgumentException("source component is blank");
            }
            if (eventTypes == null || eventTypes.isEmpty()) {
                throw new IllegalArgumentException("the list of event types is empty");
            }
            this.source = source;
            this.eventTypes = List.copyOf(eventTypes);
            this.proxy = ProxyAddress.parse(proxyUrl);
        }

        /** Where unacknowledged events wait (default {@code ~/.venice-events/backup}); created when missing. */
        public Builder backupDir(Path dir) {
            this.backupDir = Objects.requireNonNull(dir, "backupDir");
            return this;
        }

        /** Longest wait for the proxy's acknowledgement (default 100 ms). */
        public Builder sendTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("send timeout must be positive");
            }
            this.sendTimeout = timeout;
            return this;
        }

        /** How often the backlog is tried again (default 1 s). */
        public Builder replayInterval(Duration interval) {
            if (interval == null || interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("replay interval must be positive");
            }
            this.replayInterval = interval;
            return this;
        }

        /** Events per EventList when replaying (default 100). */
        public Builder replayBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("replay batch size must be 1 or more");
            }
            this.replayBatchSize = size;
            return this;
        }

        /** Most bytes kept in the backup (default 256 MiB); past it the oldest backlog is dropped and logged. */
        public Builder maxBackupBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("max backup bytes must be at least 1024");
            }
            this.maxBackupBytes = bytes;
            return this;
        }

        /** Runs inside an application's own CamelContext (started by it) instead of a private one. */
        public Builder camelContext(CamelContext context) {
            this.camel = context;
            return this;
        }

        /** The node name of every event (default: the source's). */
        public Builder nodeName(String nodeName) {
            this.source = source.withNodeName(nodeName);
            return this;
        }

        /** Time of record (tests pass a fixed clock). */
        public Builder clock(Clock recordClock) {
            this.clock = Objects.requireNonNull(recordClock, "clock");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the backup directory is unusable (e.g. a regular file)
         */
        public EventRecorder build() {
            BackupStore.check(backupDir);
            try {
                return new EventRecorder(this);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the recorder: " + e.getMessage(), e);
            }
        }
    }
}
