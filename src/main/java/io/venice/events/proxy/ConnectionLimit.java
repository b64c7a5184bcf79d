package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.venice.events.json.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the proxy to {@code proxy.max-connections} open connections: one beyond it gets a single reply line,
 * {@code {"status":"error","error":"too many connections (proxy.max-connections=N); try again later","retry":true}},
 * and is closed without being read. Counts the refusals in {@value #REFUSED} and shows the open connections
 * in the gauge {@value #OPEN}. A WARN line when the limit is first reached, not one per refusal.
 * <p>
 * One instance for all connections: it is the first of the proxy's decoders, so a refused connection
 * never reaches the others.
 */
@Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    /** Micrometer name of the gauge of open proxy connections ({@code venice_events_proxy_connections}). */
    public static final String OPEN = "venice.events.proxy.connections";
    /** Micrometer name of the counter of refused connections ({@code venice_events_proxy_connections_refused_total}). */
    public static final String REFUSED = "venice.events.proxy.connections.refused";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(ConnectionLimit.class, "counted");

    private final int maxConnections;
    private final byte[] refusal;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final Counter refused;

    public ConnectionLimit(int maxConnections, MeterRegistry meters) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.refusal = (refusalLine(maxConnections) + "\n").getBytes(StandardCharsets.UTF_8);
        this.refused = Counter.builder(REFUSED)
                .description("Connections the proxy refused because proxy.max-connections were open")
                .register(meters);
        Gauge.builder(OPEN, open, AtomicInteger::get)
                .description("Open connections to the proxy (refused ones not counted)")
                .strongReference(true)
                .register(meters);
    }

    /** The reply line a connection beyond the limit gets (without its newline). */
    public static String refusalLine(int maxConnections) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("error", "too many connections (proxy.max-connections=" + maxConnections + "); try again later");
        reply.put("retry", true);
        return EventJson.write(reply);
    }

    /** Connections open now, refused ones not counted. */
    public int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx);
            return; // the handlers after this one never see the connection
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        if (refusing.compareAndSet(true, false)) {
            LOG.info("proxy connections below proxy.max-connections={} again: accepting new ones", maxConnections);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(COUNTED).getAndSet(null))) {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx) {
        refused.increment();
        if (refusing.compareAndSet(false, true)) {
            LOG.warn("proxy.max-connections={} connections are open: refusing new ones (with a retry reply) until some close; "
                    + "venice_events_proxy_connections_refused_total counts them", maxConnections);
        }
        LOG.debug("refusing {}: proxy.max-connections={} reached", ctx.channel().remoteAddress(), maxConnections);
        ctx.channel().config().setAutoRead(false); // not a byte of its requests is read
        ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
    }
}
