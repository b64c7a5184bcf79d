package io.venice.events.recorder;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.Recorded.Outcome;
import io.venice.events.text.LogText;
import io.venice.events.tls.PemTls;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventRecorder} of production, as Camel routes: a {@code ProducerTemplate} sends each event to the
 * {@link SendRoute} (the proxy, and the backup through a Dead Letter Channel), and the {@link ReplayRoute}
 * consumes the backup with the file component; {@link TimedSend} bounds the caller's wait. This class builds
 * them, connects at build, and closes them.
 */
final class ProxyEventRecorder implements EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyEventRecorder.class);
    /** How long the connection made at build may take, in the background (a cold JVM's first request is slow). */
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(5);
    /** A request the proxy answers {@code ok} and counts nowhere (no event, no rejection): a list of nothing. */
    private static final String EMPTY_REQUEST = "{\"kind\":\"EventList\",\"items\":[]}";

    private final EventFactory events;
    private final CamelContext camel;
    private final boolean ownsCamel;
    private final ProducerTemplate template;
    private final Endpoint send;
    private final TimedSend sender;
    private final Backlog backlog;
    private final BackupStore backup;
    private final Duration sendTimeout;
    private final String routeId;
    private final Duration closeTimeout;
    /** The registry name of the TLS configuration of the proxy's endpoints; null over plaintext. */
    private final String tlsBean;
    private volatile boolean closed;

    /** @param tlsContext the client's TLS context for a {@code tls://} proxy; null for a {@code tcp://} one */
    ProxyEventRecorder(EventRecorder.Builder builder, SSLContext tlsContext) throws Exception {
        this.events = new EventFactory(builder.source, builder.eventTypes, builder.clock);
        // Jackson's first use takes a fifth of a second on a cold JVM: done while Camel starts
        Thread jackson = new Thread(() -> warmUpJson(builder.eventTypes.get(0)), "recorder-warm-up-json");
        jackson.setDaemon(true);
        jackson.start();
        this.sendTimeout = builder.sendTimeout;
        this.ownsCamel = builder.camel == null;
        this.camel = ownsCamel ? new DefaultCamelContext() : builder.camel;
        if (ownsCamel) {
            camel.getCamelContextExtension().setName("venice-events-recorder");
            camel.start();
        }
        String component = builder.source.component();
        this.template = camel.createProducerTemplate();
        this.backup = new BackupStore(template, builder.backupDir, component, builder.maxBackupBytes, builder.clock);
        this.backlog = new Backlog(backup, component);
        this.routeId = "recorder-" + component.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.closeTimeout = sendTimeout.multipliedBy(10);
        this.tlsBean = builder.proxy.tls() ? routeId + "-tls" : null;
        if (tlsBean != null) {
            camel.getRegistry().bind(tlsBean, PemTls.camelParameters(tlsContext));
        }
        Duration replayTimeout = sendTimeout.compareTo(Duration.ofSeconds(2)) > 0 ? sendTimeout : Duration.ofSeconds(2);
        camel.addRoutes(new SendRoute(routeId, proxyUri(builder.proxy, sendTimeout, tlsBean), sendTimeout, backlog));
        camel.addRoutes(new ReplayRoute(routeId + "-replay", backup.replayDir(), builder.replayInterval,
                builder.replayBatchSize, proxyUri(builder.proxy, replayTimeout, tlsBean), backlog));
        this.send = camel.getEndpoint(SendRoute.sendUri(routeId));
        this.sender = new TimedSend(template, send, sendTimeout, backlog);
        warmUp();
    }

    /**
     * The proxy as a netty producer: one line out, one line back, within {@code timeout}; over TLS with the
     * SSLContextParameters bound as {@code tlsBean} (null: plaintext).
     */
    private static String proxyUri(ProxyAddress proxy, Duration timeout, String tlsBean) {
        long millis = Math.max(1, timeout.toMillis());
        return "netty:tcp://" + proxy.host() + ":" + proxy.port()
                + "?textline=true&sync=true&encoding=UTF-8&decoderMaxLineLength=16777216"
                + "&requestTimeout=" + millis + "&connectTimeout=" + millis
                + (tlsBean == null ? "" : "&ssl=true&sslContextParameters=#" + tlsBean);
    }

    /**
     * Connects to the proxy in the background, waiting for that at most the send timeout: else the first event
     * pays, within its send timeout, for the start of the netty producer, the connection and the first use of
     * the routes and of the backup's file endpoint, and is backed up although the proxy is up. The proxy gets an
     * empty EventList, which it answers and counts nowhere (never backed up). On a loaded machine this first
     * request can outlast the send timeout: an event recorded meanwhile may still be backed up.
     */
    private void warmUp() {
        Thread connecting = new Thread(() -> {
            try {
                backup.warmUp();
                Exchange reply = template.send(send, exchange -> {
                    exchange.getIn().setBody(EMPTY_REQUEST);
                    exchange.getIn().setHeader(NettyConstants.NETTY_REQUEST_TIMEOUT, CONNECT_PATIENCE.toMillis());
                    exchange.setProperty(SendRoute.CONNECTING, true);
                    exchange.setProperty(SendRoute.BACKUP_CLAIM, new AtomicBoolean(true));
                });
                LOG.debug("Connected to the proxy: {}", reply.getProperty(SendRoute.OUTCOME) != null);
            } catch (RuntimeException e) {
                LOG.debug("Connecting to the proxy: {}", LogText.of(String.valueOf(e)));
            }
        }, routeId + "-connect");
        connecting.setDaemon(true);
        connecting.start();
        try {
            connecting.join(Math.max(1, sendTimeout.toMillis()));
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
        Recorded recorded = sender.send(event.uuid(), EventJson.write(event));
        if (recorded.outcome() == Outcome.REJECTED) {
            LOG.warn("The proxy refused event {} ({}): {}", LogText.of(recorded.uuid()), LogText.of(type),
                    LogText.of(recorded.detail()));
        }
        return recorded;
    }

    @Override
    public boolean hasBacklog() {
        return backlog.pending();
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
        long failuresBefore = backlog.failedReplays();
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (backlog.pending() && backlog.failedReplays() == failuresBefore && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            for (String id : new String[] {routeId + "-replay", routeId + "-send", routeId + "-backup"}) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
            template.close();
            if (tlsBean != null) {
                camel.getRegistry().unbind(tlsBean);
            }
            if (ownsCamel) {
                camel.close();
            }
        } catch (Exception e) {
            LOG.warn("Closing the recorder for {}: {}", events.source().component(), e.getMessage());
        }
        if (backlog.pending()) {
            LOG.warn("Recorder for {} closed with a backlog; it stays in {} for the next recorder", events.source().component(),
                    backup.replayDir().getParent());
        }
    }
}
