package io.venice.events.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one proxy connection, when it is read and when it is closed, from one count: its request
 * batches not answered yet (a batch is every message the decoders pass on, a reply is every write; a reply
 * counts as answered once it is written to the socket).
 * <ul>
 * <li><b>Backpressure.</b> The connection is not read ({@code autoRead} off) while it is not writable (its
 * replies passed the high write-buffer water mark because the client does not read them) or while
 * {@code maxUnanswered} batches are unanswered; reading resumes once both clear. A client that sends
 * without reading thus fills its own socket buffers and blocks, instead of the proxy's memory.</li>
 * <li><b>Replies before close.</b> After a half-close (the client shut its output, as {@code nc} does at
 * the end of its input) the connection stays open until every batch is answered, then closes.</li>
 * <li><b>Idle timeout.</b> A connection that received nothing for {@code idleTimeout} and has no reply
 * pending is closed (logged at DEBUG). {@link Duration#ZERO} means never.</li>
 * </ul>
 * <p>
 * Where the requests are processed matters to the bounds: the proxy route runs its exchanges in the
 * connection's I/O thread ({@code usingExecutorService=false}, {@code synchronous=true}). camel-netty's
 * default hands each message to a shared {@code DefaultEventExecutorGroup} whose task queue has no bound, so
 * reads outran processing and filled the heap; in the I/O thread, a connection is not read while its batch
 * is processed, so at most one batch per I/O thread is in the works, the replies stay in order even if a step
 * turns asynchronous, and this handler's count only grows with replies the client does not read. The price is
 * that a slow request (a store append) delays the other connections of its I/O thread, hence more I/O threads
 * ({@code workerCount}) than Netty's two per core.
 * <p>
 * One instance per connection, made by {@link Factory}; it sits after the decoders, before camel-netty's
 * handler.
 */
public final class ConnectionFlow extends ChannelDuplexHandler {

    /** Batches a connection may have unanswered before it is no longer read. */
    public static final int DEFAULT_MAX_UNANSWERED = 8;
    /**
     * Replies a connection may hold unwritten: below 16 KiB it is writable again, above 64 KiB not (then it is
     * not read). With the batch being answered, a client that reads nothing costs the proxy at most about
     * 64 KiB plus one batch's replies, beyond the kernel's socket buffers.
     */
    public static final WriteBufferWaterMark DEFAULT_WATER_MARK = new WriteBufferWaterMark(16 * 1024, 64 * 1024);

    /** Makes one handler per connection: it counts that connection's batches and replies. */
    public static final class Factory extends DefaultChannelHandlerFactory {
        private final int maxUnanswered;
        private final WriteBufferWaterMark waterMark;
        private final Duration idleTimeout;
        private final Clock clock;

        /**
         * @param idleTimeout {@link Duration#ZERO} for never
         */
        public Factory(int maxUnanswered, WriteBufferWaterMark waterMark, Duration idleTimeout, Clock clock) {
            if (maxUnanswered < 1) {
                throw new IllegalArgumentException("maxUnanswered must be positive, got " + maxUnanswered);
            }
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
            }
            this.maxUnanswered = maxUnanswered;
            this.waterMark = waterMark;
            this.idleTimeout = idleTimeout;
            this.clock = clock;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new ConnectionFlow(maxUnanswered, waterMark, idleTimeout, clock);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFlow.class);

    private final int maxUnanswered;
    private final WriteBufferWaterMark waterMark;
    private final long idleMillis;
    private final Clock clock;

    private long batches;
    private long replies;
    private boolean inputShutdown;
    private long lastReceived;
    private ScheduledFuture<?> idleCheck;

    ConnectionFlow(int maxUnanswered, WriteBufferWaterMark waterMark, Duration idleTimeout, Clock clock) {
        this.maxUnanswered = maxUnanswered;
        this.waterMark = waterMark;
        this.idleMillis = idleTimeout.toMillis();
        this.clock = clock;
    }

    /** Request batches of this connection not answered yet (read it in the connection's I/O thread). */
    public long unanswered() {
        return batches - replies;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        config.setWriteBufferWaterMark(waterMark);
        lastReceived = clock.millis();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastReceived = clock.millis();
        if (idleMillis > 0) {
            scheduleIdleCheck(ctx, idleMillis);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object batch) throws Exception {
        batches++;
        lastReceived = clock.millis();
        updateReading(ctx);
        ctx.fireChannelRead(batch);
    }

    /** Every read ends here, also one that completed no line: bytes came, so the connection is not idle. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        lastReceived = clock.millis();
        super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object reply, ChannelPromise promise) throws Exception {
        ChannelPromise written = promise.unvoid();
        written.addListener(done -> {
            replies++;
            updateReading(ctx);
            closeIfAnswered(ctx);
        });
        ctx.write(reply, written);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateReading(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            closeIfAnswered(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    /** Reads while the client takes its replies and few batches wait; setting autoRead on reads at once. */
    private void updateReading(ChannelHandlerContext ctx) {
        boolean read = ctx.channel().isWritable() && unanswered() < maxUnanswered;
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != read) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} {} reading: {} batches unanswered, writable {}", ctx.channel().remoteAddress(),
                        read ? "resumes" : "pauses", unanswered(), ctx.channel().isWritable());
            }
            config.setAutoRead(read);
        }
    }

    private void closeIfAnswered(ChannelHandlerContext ctx) {
        if (inputShutdown && unanswered() <= 0 && ctx.channel().isOpen()) {
            ctx.close();
        }
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayMillis) {
        idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = clock.millis() - lastReceived;
        if (unanswered() > 0) {
            scheduleIdleCheck(ctx, idleMillis); // a reply is pending: not idle, whatever the client does
        } else if (idle >= idleMillis) {
            LOG.debug("closing {}: nothing received for {} ms (proxy.idle-timeout)", ctx.channel().remoteAddress(), idle);
            ctx.close();
        } else {
            scheduleIdleCheck(ctx, idleMillis - idle);
        }
    }
}
