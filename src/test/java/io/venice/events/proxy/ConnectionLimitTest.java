package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.venice.events.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** proxy.max-connections on in-memory channels sharing one limit, with what the next handler sees. */
class ConnectionLimitTest {

    final MeterRegistry meters = new SimpleMeterRegistry();
    final ConnectionLimit limit = new ConnectionLimit(2, meters);
    final List<EmbeddedChannel> channels = new ArrayList<>();
    final List<String> seenByTheProxy = new ArrayList<>();

    EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel(limit, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                seenByTheProxy.add("active");
            }
        });
        channels.add(channel);
        return channel;
    }

    double open() {
        return meters.get(ConnectionLimit.OPEN).gauge().value();
    }

    double refused() {
        return meters.get(ConnectionLimit.REFUSED).counter().count();
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void theConnectionBeyondTheLimitGetsOneRetryLineIsClosedUnreadAndNeverReachesTheProxy() {
        connect();
        connect();
        EmbeddedChannel third;
        try (LogCapture log = LogCapture.start()) {
            third = connect();
            connect();
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN")).singleElement().asString()
                    .startsWith("WARN proxy.max-connections=2 connections are open: refusing new ones");
        }

        ByteBuf reply = third.readOutbound();
        assertThat(reply.toString(StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"error\",\"error\":\"too many connections "
                + "(proxy.max-connections=2); try again later\",\"retry\":true}\n");
        reply.release();
        assertThat(third.isOpen()).isFalse();
        assertThat(third.config().isAutoRead()).as("none of its requests read").isFalse();
        assertThat(seenByTheProxy).hasSize(2);
        assertThat(open()).isEqualTo(2);
        assertThat(refused()).isEqualTo(2);
    }

    @Test
    void aClosedConnectionMakesRoomForANewOne() {
        EmbeddedChannel first = connect();
        connect();

        first.close();
        assertThat(open()).isEqualTo(1);
        EmbeddedChannel next = connect();

        assertThat(next.isOpen()).isTrue();
        assertThat((Object) next.readOutbound()).isNull();
        assertThat(open()).isEqualTo(2);
        assertThat(refused()).isZero();
    }
}
