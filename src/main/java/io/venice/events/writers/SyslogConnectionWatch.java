package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
    private volatile Instant lastDrop = Instant.MIN;

    public SyslogConnectionWatch(Clock clock) {
        this.clock = clock;
    }

    /** When a connection to the collector last closed; {@link Instant#MIN} if none has. */
    @Override
    public Instant lastDrop() {
        return lastDrop;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        lastDrop = clock.instant();
        LOG.info("Syslog connection to {} closed", ctx.channel().remoteAddress()); // also ours, at a stop
        super.channelInactive(ctx);
    }
}
