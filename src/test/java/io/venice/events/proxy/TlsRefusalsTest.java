package io.venice.events.proxy;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS listener's refusals: counted by reason, logged at most once a minute, their errors stopped here. */
class TlsRefusalsTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final TlsRefusals refusals = new TlsRefusals(meters, clock);

    double refused(String reason) {
        return meters.get(TlsRefusals.REFUSED).tag("reason", reason).counter().count();
    }

    /** A handshake failing as Netty's SslHandler reports it: the completion event, then the decoder's error. */
    static void failHandshake(EmbeddedChannel channel, javax.net.ssl.SSLException cause) {
        channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(cause));
        channel.pipeline().fireExceptionCaught(new DecoderException(cause));
    }

    List<String> warnings(LogCapture log) {
        return log.lines().stream().filter(line -> line.startsWith("WARN") && line.contains("TLS listener")).toList();
    }

    @Test
    void countsEachRefusalByReasonAndStopsItsErrorHere() {
        EmbeddedChannel noCertificate = new EmbeddedChannel(refusals);
        EmbeddedChannel plaintext = new EmbeddedChannel(refusals);

        failHandshake(noCertificate, new SSLHandshakeException("Empty client certificate chain"));
        failHandshake(plaintext, new NotSslRecordException("not an SSL/TLS record: 7b2274797065"));

        assertThat(refused("handshake")).isEqualTo(1);
        assertThat(refused("not_tls")).isEqualTo(1);
        noCertificate.checkException(); // nothing reached the end of the pipeline (camel-netty's handler)
        plaintext.checkException();
        assertThat(noCertificate.isOpen()).isFalse();
    }

    @Test
    void aConnectionClosedBeforeItsHandshakeIsNoRefusalAndOtherErrorsGoOn() {
        EmbeddedChannel healthCheck = new EmbeddedChannel(refusals);

        healthCheck.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new ClosedChannelException()));
        healthCheck.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(refused("handshake")).isZero();
        assertThat(refused("not_tls")).isZero();
        assertThatThrownBy(healthCheck::checkException).isInstanceOf(IOException.class);
    }

    @Test
    void logsOneWarnLineAMinuteSayingHowManyWereRefusedInBetween() {
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 100; i++) {
                failHandshake(new EmbeddedChannel(refusals), new SSLHandshakeException("Empty client certificate chain"));
            }
            assertThat(warnings(log)).hasSize(1);
            assertThat(warnings(log).get(0)).startsWith("WARN The proxy's TLS listener refused a connection from embedded: "
                    + "Empty client certificate chain (venice_events_proxy_tls_refused_total counts each;");

            clock.advance(Duration.ofSeconds(59));
            failHandshake(new EmbeddedChannel(refusals), new NotSslRecordException("not an SSL/TLS record: 00"));
            assertThat(warnings(log)).hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            failHandshake(new EmbeddedChannel(refusals), new NotSslRecordException("not an SSL/TLS record: 00"));
            assertThat(warnings(log)).hasSize(2);
            assertThat(warnings(log).get(1)).contains(": not TLS (plaintext sent to the TLS port?); "
                    + "100 more refused since the last such line");
        }
        assertThat(refused("handshake")).isEqualTo(100);
        assertThat(refused("not_tls")).isEqualTo(2);
    }
}
