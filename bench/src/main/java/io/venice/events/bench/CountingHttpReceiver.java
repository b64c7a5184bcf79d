package io.venice.events.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for Venice: a JDK HTTP server on the loopback that answers every POST of
 * {@code {"kind":"EventList","items":[...]}} with 204 and counts the events in it. It does not parse the JSON: it
 * finds each item's {@code "uuid":"} and the {@code "count":} after it in the bytes (the runner writes them in that
 * order, and neither can occur inside a JSON string, where quotes are escaped), which keeps it far cheaper than
 * the pipeline it measures. The arrival of each sampled first occurrence goes to the {@link DeliveryTracker}.
 */
public final class CountingHttpReceiver implements AutoCloseable {

    private static final byte[] UUID = "\"uuid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = "\"count\":".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor;
    private final DeliveryTracker tracker;
    private final ThreadCpu cpu = new ThreadCpu();
    private final LongAdder requests = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder firsts = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicLong lastArrival = new AtomicLong();

    static {
        // Answer at once: without TCP_NODELAY a small response can wait for the client's delayed ACK (40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private CountingHttpReceiver(DeliveryTracker tracker) throws IOException {
        this.tracker = tracker;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-http-" + n.incrementAndGet());
            t.setDaemon(true);
            cpu.add(t);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a receiver on a free loopback port. */
    public static CountingHttpReceiver start(DeliveryTracker tracker) throws IOException {
        CountingHttpReceiver receiver = new CountingHttpReceiver(tracker);
        receiver.server.start();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("HTTP-Dispatcher")) {
                receiver.cpu.add(t);
            }
        }
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL to give the runner as {@code writers.venice.url}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/events/v1/events";
    }

    public ReceiverCounts counts() {
        return new ReceiverCounts(requests.sum(), events.sum(), firsts.sum(), updates.sum(), bytes.sum(),
                malformed.sum(), lastArrival.get(), cpu.seconds());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            if (!"POST".equals(exchange.getRequestMethod())) {
                malformed.increment();
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            requests.increment();
            bytes.add(body.length);
            count(body, now);
            lastArrival.accumulateAndGet(now, Math::max);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void count(byte[] body, long now) {
        int at = 0;
        long n = 0, first = 0;
        while ((at = PipeliningClients.indexOf(body, at, body.length, UUID)) >= 0) {
            int uuidAt = at + UUID.length;
            if (uuidAt + 36 > body.length) {
                malformed.increment();
                break;
            }
            int countAt = PipeliningClients.indexOf(body, uuidAt + 36, body.length, COUNT);
            long count = 0;
            for (int i = countAt < 0 ? body.length : countAt + COUNT.length; i < body.length
                    && body[i] >= '0' && body[i] <= '9'; i++) {
                count = count * 10 + (body[i] - '0');
            }
            n++;
            if (count == 1) {
                first++;
                if (tracker != null && tracker.sampled(body, uuidAt)) {
                    tracker.arrived(DeliveryTracker.Receiver.VENICE,
                            new String(body, uuidAt, 36, StandardCharsets.US_ASCII), now);
                }
            } else if (count < 1) {
                malformed.increment();
            }
            at = countAt < 0 ? body.length : countAt;
        }
        events.add(n);
        firsts.add(first);
        updates.add(n - first);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
