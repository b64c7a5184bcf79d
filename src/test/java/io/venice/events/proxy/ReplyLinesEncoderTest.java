package io.venice.events.proxy;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes on the wire for a batch's reply: the bytes a client reads. */
class ReplyLinesEncoderTest {

    static String written(String reply) {
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyLinesEncoder());
        channel.writeOutbound(reply);
        ByteBuf bytes = channel.readOutbound();
        try {
            assertThat((Object) channel.readOutbound()).as("one buffer for the whole batch").isNull();
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            bytes.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void writesTheRepliesOfABatchOnceInUtf8WithOneFinalNewline() {
        assertThat(written("{\"status\":\"ok\"}\n{\"status\":\"error\",\"error\":\"type: 'Überlauf€' is not in the event-type catalog\"}"))
                .isEqualTo("{\"status\":\"ok\"}\n{\"status\":\"error\",\"error\":\"type: 'Überlauf€' is not in the event-type catalog\"}\n");
    }

    @Test
    void addsNoSecondNewlineWhenTheReplyEndsWithOne() {
        assertThat(written("{\"status\":\"ok\"}\n")).isEqualTo("{\"status\":\"ok\"}\n");
    }
}
