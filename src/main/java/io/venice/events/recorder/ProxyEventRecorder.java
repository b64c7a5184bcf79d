package io.venice.events.recorder;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.ProxyClient.ProxyUnavailableException;
import io.venice.events.recorder.Recorded.Outcome;
import io.venice.events.text.LogText;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventRecorder} of production: sends each event to the proxy through Camel's netty producer and
 * keeps what the proxy does not acknowledge in a {@link BackupStore}, replayed by a {@link ReplayRoute}.
 */
final class ProxyEventRecorder implements EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyEventRecorder.class);
    /** How long the connection made at build may take, in the background (a cold JVM's first request is slow). */
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(5);

    private final EventFactory events;
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
    private final AtomicLong failedReplays = new AtomicLong();

    ProxyEventRecorder(Builder builder) throws Exception {
        this.events = new EventFactory(builder.source, builder.eventTypes, builder.clock);
        // Jackson's first use takes a fifth of a second on a cold JVM: done while Camel starts
        Thread jackson = new Thread(() -> warmUpJson(builder.eventTypes.get(0)), "recorder-warm-up-json");
        jackson.setDaemon(true);
        jackson.start();
        this.ownsCamel = builder.camel == null;
        this.camel = ownsCamel ? new DefaultCamelContext() : builder.camel;
        if (ownsCamel) {
            camel.getCamelContextExtension().setName("venice-events-recorder");
            camel.start();
        }
        this.proxy = new ProxyClient(camel, builder.proxy, builder.sendTimeout);
        this.backup = new BackupStore(camel.createProducerTemplate(), builder.backupDir, builder.source.component(),
                builder.maxBackupBytes, builder.clock);
        this.routeId = "recorder-replay-" + builder.source.component().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.closeTimeout = builder.sendTimeout.multipliedBy(10);
        this.backlogPending = !backup.isEmpty();
        Duration replayTimeout = builder.sendTimeout.compareTo(Duration.ofSeconds(2)) > 0 ? builder.sendTimeout : Duration.ofSeconds(2);
        this.replayer = new BacklogReplayer(new ProxyClient(camel, builder.proxy, replayTimeout), builder.replayBatchSize);
        camel.addRoutes(new ReplayRoute(routeId, builder.replayInterval, this));
        warmUp(builder.sendTimeout);
    }

    /**
     * Connects to the proxy in the background, waiting for that at most the send timeout: else the first event
     * pays, within its send timeout, for the start of the netty producer, the connection and the first use of
     * the backup's file endpoint, and is backed up although the proxy is up. The proxy gets
     * {@link ProxyClient#EMPTY_REQUEST}, which it answers and counts nowhere. On a JVM that just started this
     * first request takes a few hundred milliseconds: an event recorded meanwhile may still be backed up.
     */
    private void warmUp(Duration wait) {
        ExecutorService thread = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "recorder-warm-up");
        Future<?> warm = thread.submit(() -> {
            backup.warmUp();
            try {
                proxy.connect(CONNECT_PATIENCE);
            } catch (ProxyUnavailableException e) {
                LOG.debug("Not connected to the proxy at start: {}", LogText.of(e.getMessage()));
            }
        });
        thread.shutdown();
        try {
            warm.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.debug("Still connecting to the proxy after {} ms; going on", wait.toMillis());
        } catch (ExecutionException e) {
            LOG.debug("Warming up the recorder: {}", LogText.of(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes an event and reads a reply as a send does, so that none pays for Jackson's first use. */
    private void warmUpJson(String someType) {
        try {
            EventJson.write(events.create(someType, Severity.INFO, "warm-up, never sent", null));
            ProxyReply.parse("{\"status\":\"ok\",\"accepted\":0,\"rejected\":[]}");
        } catch (RuntimeException e) {
            LOG.debug("Warming up Jackson: {}", LogText.of(String.valueOf(e)));
        }
    }

    @Override
    public Recorded event(String type, Severity severity, String message, ObjectRef ref) {
        if (closed) {
            throw events.closed();
        }
        Event event = events.create(type, severity, message, ref);
        String uuid = event.uuid();
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
            LOG.warn("The proxy refused event {} ({}): {}", LogText.of(uuid), LogText.of(type), LogText.of(reply.error()));
            return new Recorded(Outcome.REJECTED, uuid, reply.error());
        } catch (ProxyUnavailableException e) {
            return backUp(uuid, line, "proxy unavailable: " + e.getMessage());
        }
    }

    private Recorded backUp(String uuid, String line, String why) {
        backlogLock.lock();
        try {
            if (!backlogPending) {
                LOG.warn("Proxy not taking events ({}); backing up to {} until it does", LogText.of(why), backup.replayDir().getParent());
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
    void replayBacklog() {
        // events recorded during a replay go to the backup too: keep going until a rotation finds none
        while (backlogPending) {
            try {
                replayer.replay(backup.replayDir());
            } catch (ProxyUnavailableException | IOException e) {
                failedReplays.incrementAndGet();
                LOG.debug("Backlog not replayed yet: {}", LogText.of(e.getMessage()));
                return;
            }
            backlogLock.lock();
            try {
                if (!backup.rotate()) {
                    backlogPending = false;
                    LOG.info("Backlog for {} delivered; sending directly again", events.source().component());
                }
            } finally {
                backlogLock.unlock();
            }
        }
    }

    @Override
    public boolean hasBacklog() {
        return backlogPending;
    }

    @Override
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
            LOG.warn("Closing the recorder for {}: {}", events.source().component(), e.getMessage());
        }
        if (backlogPending) {
            LOG.warn("Recorder for {} closed with a backlog; it stays in {} for the next recorder", events.source().component(),
                    backup.replayDir().getParent());
        }
    }
}
