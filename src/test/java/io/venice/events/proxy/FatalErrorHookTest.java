package io.venice.events.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.venice.events.app.FatalErrors;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.OutOfDirectMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy pipeline's errors reach the fatal-error check: on an in-memory channel, with a stand-in halt. */
class FatalErrorHookTest {

    final List<Integer> halts = new CopyOnWriteArrayList<>();
    final FatalErrors fatalErrors = new FatalErrors(halts::add);
    final List<Throwable> reachedCamel = new CopyOnWriteArrayList<>();

    /** What camel-netty's handler does with an error: here, remember it. */
    final ChannelInboundHandlerAdapter camelHandler = new ChannelInboundHandlerAdapter() {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reachedCamel.add(cause);
        }
    };

    @Test
    void anOutOfDirectMemoryErrorOfAReadHaltsTheProcess() {
        EmbeddedChannel channel = new EmbeddedChannel(new FatalErrorHook(fatalErrors::haltIfFatal), camelHandler);
        OutOfMemoryError direct = OutOfDirectMemory.error();

        channel.pipeline().fireExceptionCaught(direct);

        assertThat(halts).containsExactly(3);
        channel.finishAndReleaseAll();
    }

    @Test
    void aReplyThatCannotBeWrittenForLackOfMemoryHaltsTheProcess() {
        ChannelOutboundHandlerAdapter noMemory = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new OutOfMemoryError("Direct buffer memory"));
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(noMemory, new FatalErrorHook(fatalErrors::haltIfFatal));

        channel.writeAndFlush("{\"status\":\"ok\"}");

        assertThat(halts).containsExactly(3);
        channel.finishAndReleaseAll();
    }

    @Test
    void anyOtherErrorGoesOnToCamelAsBefore() {
        EmbeddedChannel channel = new EmbeddedChannel(new FatalErrorHook(fatalErrors::haltIfFatal), camelHandler);
        java.io.IOException reset = new java.io.IOException("Connection reset by peer");

        channel.pipeline().fireExceptionCaught(reset);

        assertThat(halts).isEmpty();
        assertThat(reachedCamel).containsExactly(reset);
        channel.finishAndReleaseAll();
    }

    @Test
    void asTheConsumersExceptionHandlerItHaltsOnAnErrorOfARouteStepAndLogsAnyOtherAsWarn() {
        FatalErrorHook hook = new FatalErrorHook(fatalErrors::haltIfFatal);

        try (LogCapture log = LogCapture.start()) {
            hook.handleException("Closing channel as an exception was thrown from Netty", new OutOfMemoryError("Java heap space"));
            assertThat(halts).containsExactly(3);

            hook.handleException("Closing channel as an exception was thrown from Netty",
                    new java.io.IOException("Connection reset by peer"));
            assertThat(halts).containsExactly(3);
            assertThat(log.lines()).contains("WARN Closing channel as an exception was thrown from Netty. "
                    + "Caused by: [java.io.IOException - Connection reset by peer]");
        }
    }
}
