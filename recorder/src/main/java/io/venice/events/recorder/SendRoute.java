package io.venice.events.recorder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.venice.events.recorder.Recorded.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The recorder's send: a {@code ProducerTemplate} sends each event's JSON line to {@code direct:<id>-send}, which
 * sends it to the proxy (netty producer, one reply line per request) unless a backlog exists; whatever the proxy
 * does not acknowledge (no connection, no reply in time, {@code "retry":true}, a reply it cannot read) goes
 * through a Dead Letter Channel, with the line as it was recorded, to {@code direct:<id>-backup}, which appends it
 * to the backup's {@code file:} endpoint. Each exchange ends with {@link #OUTCOME} and {@link #DETAIL}.
 */
final class SendRoute extends RouteBuilder {

    /** Exchange property: the {@link Outcome} of the event. */
    static final String OUTCOME = "VeniceRecorderOutcome";
    /** Exchange property: why it was backed up or rejected; empty when acknowledged. */
    static final String DETAIL = "VeniceRecorderDetail";
    /**
     * Exchange property: an {@link AtomicBoolean} whose first setter backs the event up. The caller sets it when
     * it stops waiting (then it backs the event up itself, and the route's late failure writes nothing); a
     * request that must never be backed up (the empty one of {@link ProxyEventRecorder#connect}) comes with it set.
     */
    static final String BACKUP_CLAIM = "VeniceRecorderBackupClaim";

    /** Exchange property: the request connects at build; it goes to the proxy even while a backlog exists. */
    static final String CONNECTING = "VeniceRecorderConnecting";

    private final String id;
    private final String proxyUri;
    private final Duration sendTimeout;
    private final Backlog backlog;

    SendRoute(String id, String proxyUri, Duration sendTimeout, Backlog backlog) {
        this.id = id;
        this.proxyUri = proxyUri;
        this.sendTimeout = sendTimeout;
        this.backlog = backlog;
    }

    static String sendUri(String id) {
        return "direct:" + id + "-send";
    }

    static String backupUri(String id) {
        return "direct:" + id + "-backup";
    }

    @Override
    public void configure() {
        // Send: behind the backlog while one exists, else to the proxy; what it does not acknowledge goes to the backup
        from(sendUri(id)).routeId(id + "-send")
                .errorHandler(deadLetterChannel(backupUri(id)).useOriginalMessage().maximumRedeliveries(0)
                        .logExhausted(false).logStackTrace(false).retriesExhaustedLogLevel(LoggingLevel.DEBUG))
                .choice()
                    .when(exchange -> backlog.pending() && exchange.getProperty(CONNECTING) == null)
                        .setProperty(DETAIL, constant("behind the backlog"))
                        .to(backupUri(id))
                    .otherwise()
                        .to(proxyUri)
                        .process(this::readReply)
                .end();

        // Backup: appends the event as it was recorded to <backup-dir>/<component>.jsonl, unless the caller did
        from(backupUri(id)).routeId(id + "-backup")
                .process(this::backUp);
    }

    private void readReply(Exchange exchange) throws ProxyBusyException {
        ProxyReply reply = ProxyReply.parse(exchange.getMessage().getBody(String.class));
        if (reply.ok()) {
            exchange.setProperty(OUTCOME, Outcome.ACKNOWLEDGED);
            exchange.setProperty(DETAIL, "");
        } else if (reply.retry()) {
            throw new ProxyBusyException(reply.error());
        } else {
            exchange.setProperty(OUTCOME, Outcome.REJECTED);
            exchange.setProperty(DETAIL, reply.error());
        }
    }

    private void backUp(Exchange exchange) {
        AtomicBoolean claim = exchange.getProperty(BACKUP_CLAIM, AtomicBoolean.class);
        if (claim != null && !claim.compareAndSet(false, true)) {
            return; // the caller stopped waiting and backed it up itself, or it is not an event
        }
        String why = exchange.getProperty(DETAIL, String.class);
        if (why == null) {
            why = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), sendTimeout);
        }
        backlog.append(exchange.getMessage().getBody(String.class), why);
        exchange.setProperty(OUTCOME, Outcome.BACKED_UP);
        exchange.setProperty(DETAIL, why);
    }

    /** Why the proxy did not take an event, in the words of {@link Recorded#detail()}. */
    static String describe(Throwable failure, Duration sendTimeout) {
        if (failure instanceof ProxyBusyException) {
            return failure.getMessage();
        }
        Throwable cause = failure;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return "proxy unavailable";
        }
        if (cause instanceof java.util.NoSuchElementException) {
            // the netty producer's channel pool: the connection it just opened failed at once
            return "proxy unavailable: cannot connect";
        }
        if (cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return "proxy unavailable: no reply within " + sendTimeout.toMillis() + " ms";
        }
        return "proxy unavailable: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
