package io.venice.events.proxy;

import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows every error of the proxy's connections to the process's fatal-error check, before Netty and Camel
 * deal with it as one connection's problem. Netty catches everything, so no uncaught-exception handler would
 * see them; left alone, an out-of-memory error only closes a connection and leaves a process that can no
 * longer serve, with {@code /health} saying UP. It sees:
 * <ul>
 * <li>as the last of the proxy's {@code decoders}: what reaches {@code exceptionCaught} (a failed read, e.g.
 * Netty's {@code OutOfDirectMemoryError} allocating the read buffer; a decoder's error) and the cause of a
 * reply write that failed (e.g. the encoder's buffer);</li>
 * <li>as the consumer's {@code exceptionHandler}: what camel-netty's own handler catches, among them an
 * {@link Error} of a route step (Camel does not catch one: it goes up to the I/O thread); anything not fatal
 * is logged as camel-netty's default handler does (WARN, a closed channel at DEBUG).</li>
 * </ul>
 * One instance for all connections.
 */
@Sharable
public final class FatalErrorHook extends ChannelDuplexHandler implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrorHook.class);

    private final Consumer<Throwable> check;

    /** @param check ends the process when the error is fatal; returns otherwise */
    public FatalErrorHook(Consumer<Throwable> check) {
        this.check = check;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        check.accept(cause);
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object reply, ChannelPromise promise) throws Exception {
        ChannelPromise written = promise.unvoid();
        written.addListener(done -> {
            if (done.cause() != null) {
                check.accept(done.cause());
            }
        });
        ctx.write(reply, written);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        check.accept(exception);
        try {
            String text = io.venice.events.text.LogText.of(CamelExchangeException.createExceptionMessage(message, exchange, exception), 2000);
            if (ObjectHelper.getException(ClosedChannelException.class, exception) != null) {
                LOG.debug(text, exception);
            } else {
                LOG.warn(text, exception);
            }
        } catch (RuntimeException e) {
            // logging an error must not raise another
        }
    }
}
