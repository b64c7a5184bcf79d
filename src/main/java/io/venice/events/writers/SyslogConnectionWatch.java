package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.venice.events.store.ConnectionWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notes when a syslog TCP connection closes. TCP takes bytes into a socket buffer whether or not the collector
 * will read them, so the syslog writer's feed counts a message as delivered only once its connection stayed up
 * for {@code writers.syslog.confirm-after}; a drop after a send makes it send again everything not confirmed.
 * Sits in the netty producer's pipeline (shared by every connection it opens).
 */
@ChannelHandler.Sharable
public final class SyslogConnectionWatch extends ChannelInboundHandlerAdapter implements ConnectionWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogConnectionWatch.class);

    private final Clock clock;
    /** How soon after its TLS handshake a connection closed counts as the collector refusing it. */
    private static final java.time.Duration REFUSED_WITHIN = java.time.Duration.ofSeconds(1);
    private static final AttributeKey<Instant> HANDSHAKE_AT = AttributeKey.valueOf(SyslogConnectionWatch.class, "handshakeAt");

    private volatile Instant lastDrop = Instant.MIN;
    private volatile boolean refusedAfterHandshake;

    public SyslogConnectionWatch(Clock clock) {
        this.clock = clock;
    }

    /** When a connection to the collector last closed; {@link Instant#MIN} if none has. */
    @Override
    public Instant lastDrop() {
        return lastDrop;
    }

    /**
     * TLS: whether the last connection that closed did so within a second of its handshake. In TLS 1.3 a collector
     * checks the client's certificate after the client finished its handshake: one that wants a certificate it does
     * not get (or does not trust) just closes, and the send fails with a reset; this tells that apart from a
     * collector going away.
     */
    public boolean refusedAfterHandshake() {
        return refusedAfterHandshake;
    }

    private void noteDrop(ChannelHandlerContext ctx) {
        lastDrop = clock.instant();
        Instant handshakeAt = ctx.channel().attr(HANDSHAKE_AT).get();
        refusedAfterHandshake = handshakeAt != null && handshakeAt.plus(REFUSED_WITHIN).isAfter(lastDrop);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
            ctx.channel().attr(HANDSHAKE_AT).set(clock.instant());
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * An error on the connection (a reset) counts as its drop at once, and ends the connection here: a send still
     * being written fails with it (netty fails the pending writes), and one already written is not failed a second
     * time. (camel-netty's handler after this one would set the error on an exchange its write had completed
     * already and call its callback again: that exchange was then redelivered on its own, endlessly, next to the
     * batches the writer went on with.)
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        noteDrop(ctx);
        LOG.debug("Syslog connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        noteDrop(ctx);
        LOG.info("Syslog connection to {} closed", ctx.channel().remoteAddress()); // also ours, at a stop
        super.channelInactive(ctx);
    }
}
