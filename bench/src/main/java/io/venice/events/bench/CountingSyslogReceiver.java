package io.venice.events.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for a syslog collector: a TCP server on the loopback reading RFC 6587 octet-counted frames
 * ({@code LEN SP MSG}) of RFC 5424 messages, one thread per connection, counting them. From each message it takes
 * the {@code uuid="..."} and {@code count="..."} parameters of the structured data; a frame that is not
 * {@code digits SP <PRI>...} counts as malformed and closes that connection (the framing is lost).
 */
public final class CountingSyslogReceiver implements AutoCloseable {

    private static final byte[] UUID = "uuid=\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = "count=\"".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final DeliveryTracker tracker;
    private final ThreadCpu cpu = new ThreadCpu();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final LongAdder messages = new LongAdder();
    private final LongAdder firsts = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicLong lastArrival = new AtomicLong();

    private CountingSyslogReceiver(DeliveryTracker tracker) throws IOException {
        this.tracker = tracker;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts a receiver on a free loopback port. */
    public static CountingSyslogReceiver start(DeliveryTracker tracker) throws IOException {
        CountingSyslogReceiver receiver = new CountingSyslogReceiver(tracker);
        Thread acceptor = new Thread(receiver::accept, "bench-syslog-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return receiver;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The target to give the runner as {@code writers.syslog.target}. */
    public String target() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return connectionCount.get();
    }

    public ReceiverCounts counts() {
        long m = messages.sum();
        return new ReceiverCounts(m, m, firsts.sum(), updates.sum(), bytes.sum(), malformed.sum(), lastArrival.get(),
                cpu.seconds());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread reader = new Thread(() -> read(socket), "bench-syslog-" + connectionCount.incrementAndGet());
                reader.setDaemon(true);
                cpu.add(reader);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket socket) {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        try (socket; InputStream in = socket.getInputStream()) {
            while (true) {
                if (end == buf.length) {
                    if (start == 0) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    } else {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return;
                }
                end += n;
                long now = System.nanoTime();
                int frames = 0;
                while (true) {
                    int i = start;
                    int length = 0;
                    while (i < end && buf[i] >= '0' && buf[i] <= '9' && i - start < 9) {
                        length = length * 10 + (buf[i] - '0');
                        i++;
                    }
                    if (i == end) {
                        break; // the length is not complete yet
                    }
                    if (i == start || buf[i] != ' ' || length < 1) {
                        malformed.increment();
                        return;
                    }
                    int message = i + 1;
                    if (message + length > end) {
                        if (message + length - start > buf.length) {
                            buf = java.util.Arrays.copyOf(buf, message + length - start + buf.length);
                        }
                        break; // the message is not complete yet
                    }
                    message(buf, message, message + length, now);
                    frames++;
                    start = message + length;
                }
                if (frames > 0) {
                    lastArrival.accumulateAndGet(now, Math::max);
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                }
            }
        } catch (IOException e) {
            // the runner closed the connection, or we are closing
        } finally {
            cpu.ending();
            connections.remove(socket);
        }
    }

    private void message(byte[] buf, int from, int to, long now) {
        messages.increment();
        bytes.add(to - from);
        if (buf[from] != '<') {
            malformed.increment();
            return;
        }
        int uuidAt = PipeliningClients.indexOf(buf, from, to, UUID);
        int countAt = uuidAt < 0 ? -1 : PipeliningClients.indexOf(buf, uuidAt, to, COUNT);
        if (uuidAt < 0 || countAt < 0 || uuidAt + UUID.length + 36 > to) {
            malformed.increment();
            return;
        }
        long count = 0;
        for (int i = countAt + COUNT.length; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
            count = count * 10 + (buf[i] - '0');
        }
        if (count == 1) {
            firsts.increment();
            int u = uuidAt + UUID.length;
            if (tracker != null && tracker.sampled(buf, u)) {
                tracker.arrived(DeliveryTracker.Receiver.SYSLOG, new String(buf, u, 36, StandardCharsets.US_ASCII), now);
            }
        } else {
            updates.increment();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
