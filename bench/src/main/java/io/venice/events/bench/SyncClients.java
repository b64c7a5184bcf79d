package io.venice.events.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The synchronous mode of the {@link LoadGenerator}: one thread and one blocking socket per connection; each
 * request waits for its reply. With a rate, each connection sends on a fixed schedule (the connections spread
 * evenly over the interval); a reply that comes after the next slot delays the next request (the achieved rate then
 * falls short). The latency is from the write to the reply, so such a delay is not added to the next request's
 * latency (no correction for coordinated omission: compare the achieved rate with the target).
 */
final class SyncClients {

    private static final byte[] OK_SINGLE = "{\"status\":\"ok\",\"uuid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BUSY = "\"retry\":true".getBytes(StandardCharsets.US_ASCII);

    private SyncClients() {
    }

    private record Outcome(long sent, long acked, long rejected, long busy, long repeats, long lastReply,
                           LatencyRecorder latencies, double cpuSeconds, String sampleReply) {
    }

    static LoadGenerator.Result run(LoadGenerator.Options o) throws Exception {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.connections(), r -> {
            Thread t = new Thread(r, "bench-sync-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime() + 50_000_000L; // every client connected before the first slot
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (int c = 0; c < o.connections(); c++) {
                long events = o.events() / o.connections() + (c < o.events() % o.connections() ? 1 : 0);
                int index = c;
                futures.add(pool.submit(() -> client(o, index, events, start)));
            }
            LatencyRecorder latencies = new LatencyRecorder();
            long sent = 0, acked = 0, rejected = 0, busy = 0, repeats = 0, end = start;
            double cpu = 0;
            String sample = null;
            for (Future<Outcome> f : futures) {
                Outcome r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
                sent += r.sent();
                acked += r.acked();
                rejected += r.rejected();
                busy += r.busy();
                repeats += r.repeats();
                end = Math.max(end, r.lastReply());
                latencies.addAll(r.latencies());
                cpu += r.cpuSeconds();
                if (sample == null) {
                    sample = r.sampleReply();
                }
            }
            return new LoadGenerator.Result(o.mode(), o.connections(), sent, sent, acked, rejected, busy, repeats,
                    (end - start) / 1e9, latencies.percentiles(), cpu, sample);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome client(LoadGenerator.Options o, int index, long events, long start) throws Exception {
        EventFactory factory = new EventFactory(o.streamBase() + index, o.repeatShare(), o.seed());
        LatencyRecorder latencies = new LatencyRecorder();
        long interval = o.ratePerSecond() > 0 ? (long) (1e9 * o.connections() / o.ratePerSecond()) : 0;
        long phase = interval * index / o.connections();
        long deadline = start + o.timeout().toNanos();
        byte[] reply = new byte[64 * 1024];
        long acked = 0, rejected = 0, busy = 0, lastReply = start;
        String sample = null;
        try (Socket socket = new Socket(o.host(), o.port())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, o.timeout().toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            for (long i = 0; i < events; i++) {
                byte[] line = factory.singleLine();
                boolean repeat = factory.lastWasRepeat();
                long slot = start + phase + i * interval;
                long now;
                while ((now = System.nanoTime()) < slot) {
                    LockSupport.parkNanos(slot - now);
                }
                if (now > deadline) {
                    throw new TimeoutException("load generator: timeout after " + i + " of " + events + " events");
                }
                out.write(line);
                out.flush();
                if (o.progress() != null) {
                    o.progress().sent(1, repeat ? 1 : 0);
                }
                int length = readLine(in, reply);
                long answered = System.nanoTime();
                latencies.record(answered - now);
                lastReply = answered;
                if (sample == null) {
                    sample = new String(reply, 0, length, StandardCharsets.UTF_8);
                }
                if (PipeliningClients.startsWith(reply, 0, length, OK_SINGLE) && length >= OK_SINGLE.length + 36) {
                    acked++;
                    if (o.progress() != null) {
                        o.progress().answered(1, 0, repeat ? 1 : 0);
                    }
                    if (!repeat && o.tracker() != null && o.tracker().sampled(reply, OK_SINGLE.length)) {
                        o.tracker().acked(new String(reply, OK_SINGLE.length, 36, StandardCharsets.US_ASCII), answered);
                    }
                } else {
                    rejected++;
                    if (o.progress() != null) {
                        o.progress().answered(0, 1, repeat ? 1 : 0);
                    }
                    if (PipeliningClients.indexOf(reply, 0, length, BUSY) >= 0) {
                        busy++;
                    }
                }
            }
        }
        return new Outcome(events, acked, rejected, busy, factory.repeats(), lastReply, latencies,
                ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9, sample);
    }

    /** Reads one reply line into {@code buf} (without the newline); returns its length. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("proxy closed the connection");
            }
            if (b == '\n') {
                return length;
            }
            if (length < buf.length) {
                buf[length++] = (byte) b;
            }
        }
    }
}
