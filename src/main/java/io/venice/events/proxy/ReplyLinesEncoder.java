package io.venice.events.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a reply, the reply lines of one request batch joined with {@code \n}, as UTF-8 in one buffer with
 * exactly one final newline (added when the text does not end with one, as camel-netty's
 * {@code textline}/{@code autoAppendDelimiter} also does). One instance for all connections.
 */
@Sharable
public final class ReplyLinesEncoder extends MessageToByteEncoder<CharSequence> {

    public ReplyLinesEncoder() {
        super(CharSequence.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, CharSequence reply, boolean preferDirect) {
        int bytes = ByteBufUtil.utf8Bytes(reply) + 1;
        return preferDirect ? ctx.alloc().ioBuffer(bytes) : ctx.alloc().heapBuffer(bytes);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CharSequence reply, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, reply);
        if (reply.length() == 0 || reply.charAt(reply.length() - 1) != '\n') {
            out.writeByte('\n');
        }
    }
}
