package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One proxy connection's flow on an in-memory channel: when it is read, when it is closed. */
class ConnectionFlowTest {

    static final Duration IDLE = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    EmbeddedChannel channel;

    EmbeddedChannel connection(int maxUnanswered, Duration idleTimeout) throws Exception {
        ConnectionFlow.Factory flows = new ConnectionFlow.Factory(maxUnanswered, new WriteBufferWaterMark(64, 128),
                idleTimeout, clock);
        channel = new EmbeddedChannel(false, false);
        channel.freezeTime();
        channel.pipeline().addLast(new ReplyLinesEncoder(), flows.newChannelHandler());
        channel.register();
        return channel;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    void batch() {
        channel.writeInbound(List.of("{}"));
        assertThat((Object) channel.readInbound()).isEqualTo(List.of("{}"));
    }

    void answer(String reply) {
        channel.writeOutbound(reply);
        ByteBuf written = channel.readOutbound();
        try {
            assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(reply + "\n");
        } finally {
            written.release();
        }
    }

    void passTime(Duration duration) {
        clock.advance(duration);
        channel.advanceTimeBy(duration.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void stopsReadingAtTheBoundOfUnansweredBatchesAndReadsAgainOnceOneIsAnswered() throws Exception {
        connection(2, IDLE);

        batch();
        assertThat(channel.config().isAutoRead()).isTrue();
        batch();
        assertThat(channel.config().isAutoRead()).as("2 unanswered").isFalse();

        answer("{\"status\":\"ok\"}");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void stopsReadingWhileItsRepliesAreNotTakenAndReadsAgainWhenTheyAre() throws Exception {
        connection(8, IDLE);
        batch();

        channel.write("r".repeat(200)); // not flushed: the client does not read, its replies pile up
        assertThat(channel.isWritable()).isFalse();
        assertThat(channel.config().isAutoRead()).isFalse();

        channel.flush();
        assertThat(channel.config().isAutoRead()).isTrue();
        ByteBuf written = channel.readOutbound();
        assertThat(written.readableBytes()).isEqualTo(201);
        written.release();
    }

    @Test
    void afterAHalfCloseAnswersEveryBatchThenCloses() throws Exception {
        connection(8, IDLE);
        batch();
        batch();

        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).isTrue();
        answer("one");
        assertThat(channel.isOpen()).isTrue();
        answer("two");

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHalfCloseWithEverythingAnsweredClosesAtOnce() throws Exception {
        connection(8, IDLE);
        batch();
        answer("one");

        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closesAConnectionThatSentNothingForTheIdleTimeout() throws Exception {
        connection(8, IDLE);

        passTime(IDLE.minusSeconds(1));
        assertThat(channel.isOpen()).isTrue();
        passTime(Duration.ofSeconds(1));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void keepsABusyConnectionEvenWhenItsBytesCompleteNoLine() throws Exception {
        connection(8, IDLE);

        passTime(Duration.ofMinutes(4));
        batch();
        answer("ok");
        passTime(Duration.ofMinutes(4));
        channel.pipeline().fireChannelReadComplete(); // a read of half a line
        passTime(Duration.ofMinutes(4));
        assertThat(channel.isOpen()).isTrue();

        passTime(Duration.ofMinutes(1));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void keepsAConnectionWhoseReplyIsPending() throws Exception {
        connection(8, IDLE);
        batch();

        passTime(Duration.ofMinutes(30));
        assertThat(channel.isOpen()).as("its batch is not answered yet").isTrue();

        answer("late");
        passTime(IDLE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anIdleTimeoutOfZeroNeverCloses() throws Exception {
        connection(8, Duration.ZERO);

        passTime(Duration.ofDays(3));

        assertThat(channel.isOpen()).isTrue();
    }
}
