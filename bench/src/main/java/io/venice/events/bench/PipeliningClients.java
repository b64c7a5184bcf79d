package io.venice.events.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipelined modes of the {@link LoadGenerator}: non-blocking connections, a few threads each driving a share of
 * them with one selector. A connection writes lines while fewer than {@code window} are unanswered (and the rate,
 * if any, allows), and reads the replies as they come: one reply line per request line, in order.
 */
final class PipeliningClients {

    private static final byte[] OK_SINGLE = "{\"status\":\"ok\",\"uuid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_LIST = "{\"status\":\"ok\",\"accepted\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPTED = "\"accepted\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BUSY = "\"retry\":true".getBytes(StandardCharsets.US_ASCII);

    private PipeliningClients() {
    }

    static LoadGenerator.Result run(LoadGenerator.Options o) throws Exception {
        int threads = Math.min(o.threads(), o.connections());
        List<List<Connection>> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
        }
        long linesTotal = (o.events() + o.eventsPerLine() - 1) / o.eventsPerLine();
        double linesPerSecondEach = o.ratePerSecond() / o.eventsPerLine() / o.connections();
        List<Connection> all = new ArrayList<>();
        for (int c = 0; c < o.connections(); c++) {
            long lines = linesTotal / o.connections() + (c < linesTotal % o.connections() ? 1 : 0);
            Connection connection = new Connection(o, c, lines, linesPerSecondEach);
            all.add(connection);
            shares.get(c % threads).add(connection);
        }
        // The first connection's last line is short by the remainder, so exactly o.events() are sent.
        long planned = 0;
        for (Connection connection : all) {
            planned += connection.lines * o.eventsPerLine();
        }
        all.get(0).lastLineShortBy = (int) (planned - o.events());

        for (Connection connection : all) {
            connection.open();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, named("bench-load-"));
        long start = System.nanoTime();
        long deadline = start + o.timeout().toNanos();
        List<Future<Double>> cpu = new ArrayList<>();
        try {
            for (List<Connection> share : shares) {
                cpu.add(pool.submit(() -> drive(share, start, deadline, o.ratePerSecond() > 0)));
            }
            double cpuSeconds = 0;
            for (Future<Double> f : cpu) {
                try {
                    cpuSeconds += f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            long end = 0;
            LatencyRecorder latencies = new LatencyRecorder();
            long lines = 0, sent = 0, acked = 0, rejected = 0, busy = 0, repeats = 0;
            String sample = null;
            for (Connection c : all) {
                end = Math.max(end, c.lastReplyNanos);
                latencies.addAll(c.latencies);
                lines += c.sentLines;
                sent += c.sentEvents;
                acked += c.acked;
                rejected += c.rejected;
                busy += c.busy;
                repeats += c.factory.repeats();
                if (sample == null) {
                    sample = c.sampleReply;
                }
            }
            return new LoadGenerator.Result(o.mode(), o.connections(), lines, sent, acked, rejected, busy, repeats,
                    (end - start) / 1e9, latencies.percentiles(), cpuSeconds, sample);
        } finally {
            pool.shutdownNow();
            for (Connection connection : all) {
                connection.close();
            }
        }
    }

    /** Runs a share of the connections to the end; returns this thread's CPU seconds. */
    private static double drive(List<Connection> share, long start, long deadline, boolean paced) throws IOException,
            TimeoutException {
        try (Selector selector = Selector.open()) {
            for (Connection c : share) {
                c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                c.start = start;
            }
            int open = share.size();
            while (open > 0) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new TimeoutException("load generator: timeout with " + open + " connections unfinished");
                }
                for (Connection c : share) {
                    if (!c.done) {
                        c.fillAndWrite(now);
                    }
                }
                selector.select(paced ? 1 : 50);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid() && key.isReadable()) {
                        c.read(now);
                    }
                    if (key.isValid() && key.isWritable()) {
                        c.write();
                    }
                    if (!c.done && c.finished()) {
                        c.done = true;
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One pipelining connection and its event stream. */
    private static final class Connection {
        final LoadGenerator.Options o;
        final EventFactory factory;
        final long lines;
        final double linesPerSecond;
        final long phaseNanos;
        final boolean list;
        final long[] sendNanos;
        final int[] lineEvents;
        final boolean[] lineRepeat;
        final int[] lineRepeats;
        final LatencyRecorder latencies = new LatencyRecorder();
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        byte[] pending;
        int lastLineShortBy;
        long start;
        long sentLines, sentEvents, answered, acked, rejected, busy;
        long lastReplyNanos;
        int head, outstanding;
        boolean done;
        String sampleReply;
        String lastReply;
        String firstError;
        final int index;

        Connection(LoadGenerator.Options o, int index, long lines, double linesPerSecond) {
            this.o = o;
            this.index = index;
            this.factory = new EventFactory(o.streamBase() + index, o.repeatShare(), o.seed());
            this.lines = lines;
            this.linesPerSecond = linesPerSecond;
            this.phaseNanos = linesPerSecond > 0 ? (long) (1e9 / linesPerSecond * index / o.connections()) : 0;
            this.list = o.mode() == LoadGenerator.Mode.LIST;
            this.sendNanos = new long[o.window()];
            this.lineEvents = new int[o.window()];
            this.lineRepeat = new boolean[o.window()];
            this.lineRepeats = new int[o.window()];
        }

        void open() throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(o.host(), o.port()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
        }

        boolean finished() {
            return sentLines == lines && answered == lines;
        }

        /** Adds lines to the output while the window and the rate allow, then writes what the socket takes. */
        void fillAndWrite(long now) throws IOException {
            while (pending == null && sentLines < lines && outstanding < sendNanos.length && paceAllows(now)) {
                int size = o.eventsPerLine();
                if (sentLines == lines - 1) {
                    size -= lastLineShortBy;
                }
                long repeatsBefore = factory.repeats();
                byte[] line = list ? factory.listLine(size) : factory.singleLine();
                int slot = (head + outstanding) % sendNanos.length;
                sendNanos[slot] = now;
                lineEvents[slot] = size;
                lineRepeat[slot] = factory.repeats() != repeatsBefore;
                lineRepeats[slot] = (int) (factory.repeats() - repeatsBefore);
                if (o.progress() != null) {
                    o.progress().sent(size, lineRepeats[slot]);
                }
                outstanding++;
                sentLines++;
                sentEvents += size;
                if (out.remaining() >= line.length) {
                    out.put(line);
                } else {
                    pending = line;
                }
            }
            write();
        }

        private boolean paceAllows(long now) {
            if (linesPerSecond <= 0) {
                return true;
            }
            double elapsed = (now - start - phaseNanos) / 1e9;
            return elapsed >= 0 && sentLines < elapsed * linesPerSecond + 1;
        }

        void write() throws IOException {
            out.flip();
            if (out.hasRemaining()) {
                channel.write(out);
            }
            out.compact();
            if (pending != null && out.remaining() >= pending.length) {
                out.put(pending);
                pending = null;
                out.flip();
                channel.write(out);
                out.compact();
            }
            boolean more = out.position() > 0 || pending != null;
            int ops = SelectionKey.OP_READ | (more ? SelectionKey.OP_WRITE : 0);
            if (key != null && key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        void read(long now) throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("proxy closed connection " + index + " after " + answered + " of " + lines
                        + " replies (" + sentLines + " lines sent, " + rejected + " events rejected); last reply: "
                        + lastReply + (firstError == null ? "" : "; first error reply: " + firstError));
            }
            in.flip();
            byte[] buf = in.array();
            int lineStart = in.position();
            int limit = in.limit();
            for (int i = lineStart; i < limit; i++) {
                if (buf[i] == '\n') {
                    reply(buf, lineStart, i, now);
                    lineStart = i + 1;
                }
            }
            in.position(lineStart);
            if (!in.hasRemaining() && lineStart == 0 && limit == in.capacity()) {
                throw new IOException("reply line longer than " + in.capacity() + " bytes");
            }
            in.compact();
        }

        private void reply(byte[] buf, int from, int to, long now) {
            if (outstanding == 0) {
                throw new IllegalStateException("reply without a request: "
                        + new String(buf, from, to - from, StandardCharsets.UTF_8));
            }
            if (sampleReply == null) {
                sampleReply = new String(buf, from, to - from, StandardCharsets.UTF_8);
            }
            boolean ok = startsWith(buf, from, to, OK_SINGLE) || startsWith(buf, from, to, OK_LIST);
            if (!ok || answered % 1024 == 0) {
                lastReply = new String(buf, from, Math.min(to - from, 300), StandardCharsets.UTF_8);
            }
            if (!ok && firstError == null) {
                firstError = lastReply;
            }
            int events = lineEvents[head];
            boolean repeat = lineRepeat[head];
            int repeats = lineRepeats[head];
            latencies.record(now - sendNanos[head]);
            head = (head + 1) % sendNanos.length;
            outstanding--;
            answered++;
            lastReplyNanos = now;
            if (!list) {
                if (startsWith(buf, from, to, OK_SINGLE) && to - from >= OK_SINGLE.length + 36) {
                    acked++;
                    if (o.progress() != null) {
                        o.progress().answered(1, 0, repeats);
                    }
                    int uuidAt = from + OK_SINGLE.length;
                    if (!repeat && o.tracker() != null && o.tracker().sampled(buf, uuidAt)) {
                        o.tracker().acked(new String(buf, uuidAt, 36, StandardCharsets.US_ASCII), now);
                    }
                } else {
                    rejected++;
                    if (o.progress() != null) {
                        o.progress().answered(0, 1, repeats);
                    }
                    if (indexOf(buf, from, to, BUSY) >= 0) {
                        busy++;
                    }
                }
                return;
            }
            int accepted = 0;
            int at = indexOf(buf, from, to, ACCEPTED);
            if (at >= 0) {
                for (int i = at + ACCEPTED.length; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
                    accepted = accepted * 10 + (buf[i] - '0');
                }
            }
            acked += accepted;
            rejected += events - accepted;
            if (o.progress() != null) {
                o.progress().answered(accepted, events - accepted, repeats);
            }
            if (accepted == 0 && indexOf(buf, from, to, BUSY) >= 0) {
                busy += events;
            }
        }

        void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing at the end
            }
        }
    }

    static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
