package io.venice.events.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * Keeps a proxy connection open after the client stops sending (a half-close, as {@code nc} does at the end
 * of its input) until every request line has had its reply; then closes it. Without it, Netty closes the
 * connection at once and the last replies are lost. One instance per connection, made by {@link Factory}.
 */
public final class RepliesBeforeClose extends ChannelDuplexHandler {

    /** Makes one handler per connection: it counts that connection's requests and replies. */
    public static final class Factory extends DefaultChannelHandlerFactory {
        @Override
        public ChannelHandler newChannelHandler() {
            return new RepliesBeforeClose();
        }
    }

    private long requests;
    private long replies;
    private boolean inputShutdown;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object request) throws Exception {
        requests++;
        super.channelRead(ctx, request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object reply, ChannelPromise promise) throws Exception {
        promise.addListener(written -> {
            replies++;
            closeIfAnswered(ctx);
        });
        super.write(ctx, reply, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            closeIfAnswered(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    private void closeIfAnswered(ChannelHandlerContext ctx) {
        if (inputShutdown && replies >= requests) {
            ctx.close();
        }
    }
}
