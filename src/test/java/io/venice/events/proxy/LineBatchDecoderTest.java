package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's line decoder on an in-memory channel: what one read of a connection turns into. */
class LineBatchDecoderTest {

    static final int MAX = 300;

    final LineBatchDecoder decoder = (LineBatchDecoder) new LineBatchDecoder.Factory(MAX).newChannelHandler();
    final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** What one read of {@code text} emits: the batch, or null when it emits nothing. */
    List<Object> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    List<Object> read(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Object> batch = channel.readInbound();
        assertThat((Object) channel.readInbound()).as("one message per read at most").isNull();
        return batch;
    }

    @Test
    void manyLinesInOneReadAreOneListInOrder() {
        assertThat(read("{\"a\":1}\n{\"b\":2}\n\nlast\n")).containsExactly("{\"a\":1}", "{\"b\":2}", "", "last");
    }

    @Test
    void aLineSplitAcrossReadsComesWithTheReadThatEndsIt() {
        assertThat(read("first\n{\"type\":")).containsExactly("first");
        assertThat(read("\"LINK")).as("a read completing no line emits nothing").isNull();
        assertThat(read("_UP\"}\nnext\n")).containsExactly("{\"type\":\"LINK_UP\"}", "next");
    }

    @Test
    void takesCrLfAndLfAndKeepsALoneCr() {
        assertThat(read("a\r\nb\nc\rd\n")).containsExactly("a", "b", "c\rd");
        assertThat(read("e\r")).isNull();
        assertThat(read("\nf\r\n")).containsExactly("e", "f");
    }

    @Test
    void decodesUtf8EvenWhenACharacterIsSplitAcrossReads() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(read(new byte[] {'x', euro[0]})).isNull();
        assertThat(read(new byte[] {euro[1], euro[2], '\n'})).containsExactly("x€");
        assertThat(read(new byte[] {(byte) 0xc3, 0x28, '\n'})).containsExactly("\uFFFD(");
    }

    @Test
    void aLineOfExactlyTheLimitIsALineAndOneByteMoreIsOversized() {
        String full = "x".repeat(MAX);
        assertThat(read(full + "\n" + full + "\r\n" + full + "y\n"))
                .containsExactly(full, full, new OversizedLine(MAX));
        assertThat(read(full)).isNull();
        assertThat(read("\r")).as("may still be a line of the limit and its \\r\\n").isNull();
        assertThat(read("\n")).containsExactly(full);
    }

    @Test
    void anOverLongLineAcrossSeveralReadsIsOneOversizedLineAtItsPlaceAndTheFollowingLinesAreIntact() {
        assertThat(read("before\n" + "x".repeat(200))).containsExactly("before");
        assertThat(read("x".repeat(200))).as("answered as soon as it is too long").containsExactly(new OversizedLine(MAX));
        for (int i = 0; i < 20; i++) {
            assertThat(read("x".repeat(250))).isNull();
        }
        assertThat(read("xxx\nafter\n{\"c\":3}\n")).containsExactly("after", "{\"c\":3}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anOverLongLineInOneReadIsOversizedInItsPlace() {
        assertThat(read("a\n" + "y".repeat(MAX + 1) + "\nb\n")).containsExactly("a", new OversizedLine(MAX), "b");
    }

    @Test
    void memoryStaysBoundedWhileA10MegabyteLineStreamsIn() {
        byte[] chunk = "z".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        int most = 0;
        for (int i = 0; i < 160; i++) {
            read(chunk);
            most = Math.max(most, decoder.bufferedBytes());
        }
        assertThat(most).isLessThanOrEqualTo(MAX + 1);
        assertThat(decoder.bufferedBytes()).as("nothing of a line being dropped is kept").isZero();
        assertThat(read("z\nok\n")).containsExactly("ok");
    }

    @Test
    void aLastLineWithoutItsNewlineAtHalfCloseIsDroppedUnanswered() {
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        assertThat(read("done\nno newline")).containsExactly("done");

        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertThat((Object) channel.readInbound()).isNull();
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void passesOnWhatIsNotBytes() {
        channel.writeInbound("already a line");
        assertThat((Object) channel.readInbound()).isEqualTo("already a line");
    }
}
