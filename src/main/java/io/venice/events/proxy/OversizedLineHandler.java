package io.venice.events.proxy;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Sits after the proxy's line decoder: a line over the limit becomes an {@link OversizedLine} message, so
 * the sender gets an error reply in order and keeps its connection, instead of Netty closing it.
 */
@Sharable
public final class OversizedLineHandler extends ChannelInboundHandlerAdapter {

    private final int maxLineBytes;

    public OversizedLineHandler(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException) {
            ctx.fireChannelRead(new OversizedLine(maxLineBytes));
        } else {
            super.exceptionCaught(ctx, cause);
        }
    }
}
