package io.venice.events.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against a stand-in proxy that answers every line as the real one does when all is well. */
class LoadGeneratorTest {

    ServerSocket server;
    final AtomicLong lines = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    @BeforeEach
    void startFakeProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> answer(socket));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void answer(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.incrementAndGet();
                String reply;
                if (line.startsWith("{\"kind\":\"EventList\"")) {
                    int n = line.split("\"type\":").length - 1;
                    events.addAndGet(n);
                    reply = "{\"status\":\"ok\",\"accepted\":" + n + ",\"rejected\":[]}";
                } else {
                    events.incrementAndGet();
                    reply = "{\"status\":\"ok\",\"uuid\":\"" + UUID.randomUUID() + "\"}";
                }
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // client gone
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    LoadGenerator.Options options(LoadGenerator.Mode mode, int connections, long n, double rate) {
        return LoadGenerator.Options.defaults(server.getLocalPort()).withMode(mode).withLoad(connections, n, rate)
                .withWindow(8, 10).withRun(2, Duration.ofSeconds(30), new DeliveryTracker(1));
    }

    @Test
    void pipelineSendsExactlyTheEventsAndCountsEveryReply() throws Exception {
        LoadGenerator.Result result = LoadGenerator.run(options(LoadGenerator.Mode.PIPELINE, 3, 1001, 0));

        assertThat(result.eventsSent()).isEqualTo(1001);
        assertThat(result.eventsAcked()).isEqualTo(1001);
        assertThat(result.eventsRejected()).isZero();
        assertThat(result.ackLatency().count()).isEqualTo(1001);
        assertThat(events.get()).isEqualTo(1001);
        assertThat(result.repeatsSent()).isBetween(50L, 160L);
    }

    @Test
    void listSendsEventListLinesWithTheRemainderInAShortOne() throws Exception {
        LoadGenerator.Result result = LoadGenerator.run(options(LoadGenerator.Mode.LIST, 4, 995, 0));

        assertThat(result.eventsSent()).isEqualTo(995);
        assertThat(result.eventsAcked()).isEqualTo(995);
        assertThat(result.linesSent()).isEqualTo(100);
        assertThat(lines.get()).isEqualTo(100);
    }

    @Test
    void syncHoldsTheRate() throws Exception {
        LoadGenerator.Result result = LoadGenerator.run(options(LoadGenerator.Mode.SYNC, 4, 400, 2000));

        assertThat(result.eventsAcked()).isEqualTo(400);
        assertThat(result.seconds()).isBetween(0.15, 1.5);
        assertThat(result.ackLatency().count()).isEqualTo(400);
    }
}
