package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a proxy connection's bytes into request lines, one batch per read: each read of the connection
 * ({@code channelRead} of one buffer) emits at most ONE message, a {@code List<Object>} of every line the
 * connection's bytes now complete, in order. A line is a UTF-8 {@code String} without its {@code \n} or
 * {@code \r\n} (bytes that are not UTF-8 become U+FFFD, as Netty's StringDecoder did); a line longer than
 * {@code proxy.max-line-bytes} (not counting its end of line) is an {@link OversizedLine} at its position. A
 * read that completes no line emits nothing.
 * <p>
 * Only the start of a line that has not ended yet is kept between reads, at most {@code maxLineBytes + 1}
 * bytes (the 1 for a {@code \r} whose {@code \n} is still to come), on the heap. Once that start is longer
 * than the limit, the line is over-long: its {@link OversizedLine} goes out with that read (so the sender
 * hears of it while still sending, in order, as Netty's fail-fast line decoder did), and the rest of the line
 * is dropped as it streams in, up to its newline; the connection stays open. So a connection never holds more
 * than {@code maxLineBytes + 1} bytes here, plus the read being decoded.
 * <p>
 * At a half-close, a last line without its newline is dropped without a reply, as the line decoder it
 * replaces did (the protocol is one JSON object per line: an unterminated line is not a request).
 * One instance per connection, made by {@link Factory}.
 */
public final class LineBatchDecoder extends ChannelInboundHandlerAdapter {

    /** Makes one decoder per connection: it holds that connection's unfinished line. */
    public static final class Factory extends DefaultChannelHandlerFactory {
        private final int maxLineBytes;

        public Factory(int maxLineBytes) {
            if (maxLineBytes < 1) {
                throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
            }
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new LineBatchDecoder(maxLineBytes);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LineBatchDecoder.class);
    /** A line start kept in a larger array than this is given back once the line is complete. */
    private static final int KEEP_ARRAY_BYTES = 8 * 1024;

    private final int maxLineBytes;
    private final OversizedLine oversized;
    /** The start of the line not ended yet: {@code partial[0 .. partialLength)}; null when there is none. */
    private byte[] partial;
    private int partialLength;
    /** True while the rest of an over-long line (already answered) is being dropped, up to its newline. */
    private boolean discarding;

    LineBatchDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        this.oversized = new OversizedLine(maxLineBytes);
    }

    /** Bytes of an unfinished line this connection holds now (at most {@code maxLineBytes + 1}). */
    public int bufferedBytes() {
        return partial == null ? 0 : partial.length;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        List<Object> lines;
        try {
            lines = decode(in);
        } finally {
            ReferenceCountUtil.release(in);
        }
        if (lines != null) {
            ctx.fireChannelRead(lines);
        }
    }

    /** Every line {@code in} completes, or null when it completes none. */
    private List<Object> decode(ByteBuf in) {
        List<Object> lines = null;
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (start < end) {
            int newline = in.forEachByte(start, end - start, ByteProcessor.FIND_LF);
            if (newline < 0) {
                if (keepStart(in, start, end)) {
                    lines = add(lines, oversized);
                }
                break;
            }
            Object line = complete(in, start, newline);
            if (line != null) {
                lines = add(lines, line);
            }
            start = newline + 1;
        }
        return lines;
    }

    /** The line ending at {@code newline}, whose start may be kept from earlier reads; null if already answered. */
    private Object complete(ByteBuf in, int start, int newline) {
        if (discarding) {
            discarding = false; // its OversizedLine went out when it grew too long
            return null;
        }
        int tail = newline - start;
        int length = partialLength + tail;
        boolean cr = tail > 0 ? in.getByte(newline - 1) == '\r' : partialLength > 0 && partial[partialLength - 1] == '\r';
        int content = cr ? length - 1 : length;
        if (content > maxLineBytes) {
            forgetStart();
            return oversized;
        }
        if (partialLength == 0) {
            return in.toString(start, content, StandardCharsets.UTF_8);
        }
        ensureRoom(length);
        in.getBytes(start, partial, partialLength, tail);
        String line = new String(partial, 0, content, StandardCharsets.UTF_8);
        forgetStart();
        return line;
    }

    /**
     * Keeps {@code in[start .. end)}, the start of a line not ended yet; returns true when that makes the line
     * over-long (then it is dropped from here on).
     */
    private boolean keepStart(ByteBuf in, int start, int end) {
        if (discarding) {
            return false;
        }
        int length = partialLength + (end - start);
        boolean mayStillFit = length <= maxLineBytes
                || length == maxLineBytes + 1 && in.getByte(end - 1) == '\r'; // "\r" of a full-length line
        if (!mayStillFit) {
            forgetStart();
            partial = null;
            discarding = true;
            return true;
        }
        ensureRoom(length);
        in.getBytes(start, partial, partialLength, end - start);
        partialLength = length;
        return false;
    }

    private void ensureRoom(int length) {
        if (partial == null) {
            partial = new byte[Math.min(Math.max(length, 256), maxLineBytes + 1)];
        } else if (partial.length < length) {
            partial = Arrays.copyOf(partial, Math.min(Math.max(length, partial.length * 2), maxLineBytes + 1));
        }
    }

    private void forgetStart() {
        partialLength = 0;
        if (partial != null && partial.length > KEEP_ARRAY_BYTES) {
            partial = null;
        }
    }

    private static List<Object> add(List<Object> lines, Object line) {
        List<Object> to = lines == null ? new ArrayList<>() : lines;
        to.add(line);
        return to;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent && partialLength > 0) {
            LOG.debug("{} half-closed after {} bytes of a line without its newline: dropped, not answered",
                    ctx.channel().remoteAddress(), partialLength);
            forgetStart();
            partial = null;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        partial = null;
        partialLength = 0;
    }
}
