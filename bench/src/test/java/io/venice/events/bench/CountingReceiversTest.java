package io.venice.events.bench;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.writers.EventLines;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogFacility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receivers read what the runner's writers produce: the same EventLines and Rfc5424Formatter. */
class CountingReceiversTest {

    static final String UUID_A = "5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d40";
    static final String UUID_B = "5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d41";

    static Event event(String uuid, int count, String message) {
        Instant t = Instant.parse("2026-11-27T03:38:05.123456Z");
        return new Event(Event.KIND, new Meta(uuid, null, null, uuid, null, t, t, Event.SELF_LINK_PREFIX + uuid),
                "LINK_DOWN", Severity.WARN, message, "network", ObjectRef.of("Port", "eth1"),
                new EventSource("linkmgr", "leaf1"), count);
    }

    @Test
    void theHttpReceiverCountsFirstOccurrencesAndUpdatesOfAVeniceBatch() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker(1);
        tracker.acked(UUID_A, System.nanoTime());
        try (CountingHttpReceiver receiver = CountingHttpReceiver.start(tracker)) {
            byte[] batch = new EventLines().veniceBatch(List.of(event(UUID_A, 1, "say \"uuid\":\"x\" and count\":9"),
                    event(UUID_B, 4, "again")));
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receiver.url()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.discarding());

            assertThat(response.statusCode()).isEqualTo(204);
            ReceiverCounts counts = receiver.counts();
            assertThat(counts.messages()).isEqualTo(1);
            assertThat(counts.events()).isEqualTo(2);
            assertThat(counts.firsts()).isEqualTo(1);
            assertThat(counts.updates()).isEqualTo(1);
            assertThat(counts.malformed()).isZero();
            DeliveryTracker.Delivery venice = tracker.deliveries().get(DeliveryTracker.Receiver.VENICE);
            assertThat(venice.sampledAcked()).isEqualTo(1);
            assertThat(venice.missing()).isZero();
        }
    }

    @Test
    void theSyslogReceiverReadsOctetCountedFramesSplitAnywhere() throws Exception {
        Rfc5424Formatter formatter = new Rfc5424Formatter(SyslogFacility.parse("user"), "venice-events", 32473,
                Clock.systemUTC());
        StringBuilder stream = new StringBuilder();
        for (Event e : List.of(event(UUID_A, 1, "multi\nline ü"), event(UUID_B, 2, "x"), event(UUID_B, 3, "x"))) {
            byte[] message = formatter.format(e).getBytes(StandardCharsets.UTF_8);
            stream.append(message.length).append(' ').append(new String(message, StandardCharsets.UTF_8));
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        DeliveryTracker tracker = new DeliveryTracker(1);
        try (CountingSyslogReceiver receiver = CountingSyslogReceiver.start(tracker);
             Socket socket = new Socket("127.0.0.1", receiver.port())) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < bytes.length; i += 7) {
                out.write(bytes, i, Math.min(7, bytes.length - i));
                out.flush();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (receiver.counts().events() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ReceiverCounts counts = receiver.counts();
            assertThat(counts.events()).isEqualTo(3);
            assertThat(counts.firsts()).isEqualTo(1);
            assertThat(counts.updates()).isEqualTo(2);
            assertThat(counts.malformed()).isZero();
        }
    }

    @Test
    void theTrackerSamplesOnTheUuidAndJoinsAcksWithArrivals() {
        DeliveryTracker tracker = new DeliveryTracker(16);
        String sampled = "5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d00";
        String notSampled = "5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d01";
        assertThat(tracker.sampled(sampled)).isTrue();
        assertThat(tracker.sampled(notSampled)).isFalse();

        tracker.acked(sampled, 1_000_000);
        tracker.acked(notSampled, 1_000_000);
        tracker.arrived(DeliveryTracker.Receiver.SYSLOG, sampled, 3_000_000);
        tracker.arrived(DeliveryTracker.Receiver.SYSLOG, sampled, 9_000_000);

        DeliveryTracker.Delivery syslog = tracker.deliveries().get(DeliveryTracker.Receiver.SYSLOG);
        assertThat(syslog.sampledAcked()).isEqualTo(1);
        assertThat(syslog.ackToArrival().p50()).isEqualTo(2000.0);
        assertThat(tracker.deliveries().get(DeliveryTracker.Receiver.VENICE).missing()).isEqualTo(1);
    }
}
