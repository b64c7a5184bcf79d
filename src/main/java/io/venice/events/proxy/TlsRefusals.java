package io.venice.events.proxy;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.venice.events.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS listener's refused connections: a handshake that failed (no client certificate when
 * {@code proxy.tls.client-auth=need}, one of another CA, no protocol or cipher in common, bytes that are not
 * TLS at all). Netty's SslHandler has already closed the connection; this counts it in {@value #REFUSED}
 * ({@code reason}: {@code not_tls} or {@code handshake}) and keeps the log bounded, whatever a peer sends:
 * one WARN line for the first refusal, then at most one a minute, saying how many were refused in between
 * (each one at DEBUG). Its handshake error goes no further (camel-netty would log each with its stack trace).
 * A connection closed before its handshake (a TCP health check, a port scan) is not a refusal.
 * <p>
 * The first of the TLS listener's decoders, right after the SslHandler. One instance for all connections.
 */
@Sharable
public final class TlsRefusals extends ChannelInboundHandlerAdapter {

    /** Micrometer name of the counter ({@code venice_events_proxy_tls_refused_total{reason}}). */
    public static final String REFUSED = "venice.events.proxy.tls.refused";
    /** Least time between two WARN lines about refusals. */
    public static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(TlsRefusals.class);

    private final Counter notTls;
    private final Counter handshake;
    private final Clock clock;
    private Instant lastLine;
    private long unlogged;

    public TlsRefusals(MeterRegistry meters, Clock clock) {
        this.notTls = counter(meters, "not_tls", "Connections to the proxy's TLS port that did not speak TLS");
        this.handshake = counter(meters, "handshake",
                "Connections the proxy's TLS listener refused in the handshake (client certificate, protocol)");
        this.clock = clock;
    }

    private static Counter counter(MeterRegistry meters, String reason, String description) {
        return Counter.builder(REFUSED).tag("reason", reason).description(description).register(meters);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            Throwable cause = completion.cause();
            if (sslError(cause) != null) {
                refused(ctx.channel().remoteAddress(), sslError(cause));
            } else {
                LOG.debug("{} closed before its TLS handshake: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (sslError(cause) != null) {
            ctx.close(); // counted and logged with its handshake's failure; the SslHandler closes it too
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void refused(SocketAddress peer, SSLException error) {
        boolean plaintext = error instanceof NotSslRecordException;
        (plaintext ? notTls : handshake).increment();
        String why = plaintext ? "not TLS (plaintext sent to the TLS port?)" : LogText.of(String.valueOf(error.getMessage()));
        LOG.debug("TLS listener refused {}: {}", peer, why);
        long before;
        synchronized (this) {
            Instant now = clock.instant();
            if (lastLine != null && now.isBefore(lastLine.plus(LOG_INTERVAL))) {
                unlogged++;
                return;
            }
            lastLine = now;
            before = unlogged;
            unlogged = 0;
        }
        LOG.warn("The proxy's TLS listener refused a connection from {}: {}{} (venice_events_proxy_tls_refused_total "
                + "counts each; at most one such line a minute)", peer, why,
                before == 0 ? "" : "; " + before + " more refused since the last such line");
    }

    /** The TLS error behind a failure, or null when it is something else (e.g. the connection closed). */
    private static SSLException sslError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }
}
