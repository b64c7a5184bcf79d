package io.venice.events.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A flood of events over several connections that pipeline: each connection writes many lines before it reads
 * their replies (up to {@linkplain Builder#window(int) a window} of unanswered lines), and a reader thread of
 * its own reads the replies as they come and matches them, in order, to the lines written. It keeps going while
 * a test breaks things around it, until the test {@linkplain #finish() says the flood is over}.
 * <p>
 * As fast as the proxy answers, or at most {@linkplain #eventsPerSecond(int) so many new events a second}: a
 * test that floods for as long as its failures take then stores the same amount whatever the speed of the
 * runner. The limit lets new lines out in bursts (a connection that finds no allowance left waits
 * {@value #RATE_WAIT_MILLIS} ms, then writes what accrued meanwhile back to back), so connections pipeline
 * under it too; lines sent again are never held back by it.
 * <p>
 * Each event gets a uuid of its own ({@code meta.uuid}) and a message from a fixed list, skewed so some messages
 * repeat often (dedup counts matter); a line is one event or, one line in {@linkplain Builder#listEvery(int)
 * n}, an EventList of several. A line is sent again, unchanged (same uuids), until the proxy acknowledges it:
 * after a {@code "retry":true} reply, and when its connection ended before its reply came (refused, closed,
 * reset when the runner is killed, or no reply within the read timeout), on whichever connection is up next.
 * A reply {@code "status":"ok"} acknowledges every event of the line, a duplicate included ({@code "duplicate":true},
 * {@code "duplicates":N}: an earlier copy was taken before its reply was lost); each is recorded once in the
 * {@link DeliveryLedger}, with its uuid. An error reply without {@code "retry":true} is kept in {@link #errors()};
 * a reply that does not match its line (another uuid, another number of items) in {@link #protocolErrors()}.
 * <p>
 * Once finished and everything is acknowledged, it sends the {@linkplain #drainMarker() drain marker} twice, one
 * line after the other: its second occurrence is a repeat count held until a flush, stored after every event of
 * the flood, so a writer that delivered it with count 2 has read the whole store.
 */
public final class PipeliningSender implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Wait before sending a line again after a {@code "retry":true} reply, and between refused connections. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);
    /** A connection's writer flushes after this many lines, and whenever it is about to wait. */
    private static final int FLUSH_EVERY = 16;
    /** How often a blocked reader or writer looks whether its connection has ended. */
    private static final int POLL_MILLIS = 100;
    /** How long a connection waits when the rate allows no new line yet. */
    private static final int RATE_WAIT_MILLIS = 50;
    private static final int KEPT = 20;

    /** One event of a line: the uuid it was given, and its message (its dedup key here). */
    private record Item(String uuid, String message) {
    }

    /** A request line, sent again byte for byte until acknowledged. */
    private static final class Line {
        final byte[] bytes;
        final List<Item> items;
        final boolean list;

        Line(byte[] bytes, List<Item> items, boolean list) {
            this.bytes = bytes;
            this.items = items;
            this.list = list;
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }

    /** A line waiting to be sent again, from when. */
    private record Pending(Line line, long readyAtNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(readyAtNanos, ((Pending) other).readyAtNanos);
        }
    }

    /** A line written on a connection, and when. */
    private record Sent(Line line, long writtenAtNanos) {
    }

    private final Builder config;
    private final DeliveryLedger ledger;
    private final Thread coordinator;
    private final List<Thread> slots = new CopyOnWriteArrayList<>();
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile long startedNanos = System.nanoTime();

    private final AtomicLong linesGenerated = new AtomicLong();
    private final AtomicLong eventsGenerated = new AtomicLong();
    private final AtomicLong outstandingLines = new AtomicLong();
    private final AtomicLong linesWritten = new AtomicLong();
    private final AtomicLong linesResent = new AtomicLong();
    private final AtomicLong linesAcknowledged = new AtomicLong();
    private final AtomicLong eventsAcknowledged = new AtomicLong();
    private final AtomicLong duplicatesAcknowledged = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong retryReplies = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger replyTimeouts = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> lastRetryReplies = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final List<String> connectionEnds = new CopyOnWriteArrayList<>();
    private final Object rate = new Object();
    private int eventsPerSecond; // 0: as fast as the proxy answers
    private double allowance;
    private long allowanceAtNanos;
    private volatile boolean finishing;
    private volatile boolean stopRequested;
    private volatile boolean done;
    private volatile Throwable failure;

    private PipeliningSender(Builder config) {
        this.config = config;
        this.ledger = config.ledger;
        this.coordinator = new Thread(this::run, "flood-" + config.label);
        this.coordinator.setDaemon(true);
        eventsPerSecond(config.eventsPerSecond);
    }

    /** A sender to the proxy on {@code 127.0.0.1:port}, recording acknowledgements in {@code ledger}. */
    public static Builder to(int port, DeliveryLedger ledger) {
        return new Builder(port, ledger);
    }

    /** The messages events are chosen from, most frequent first. */
    public List<String> messages() {
        return config.messages;
    }

    /** The message sent twice once the flood is over and acknowledged. */
    public String drainMarker() {
        return config.label + " drain marker";
    }

    /** Events put into lines so far (each once, however often its line was sent). */
    public long eventsGenerated() {
        return eventsGenerated.get();
    }

    /** Events acknowledged so far (duplicates and the drain marker included). */
    public long acknowledged() {
        return eventsAcknowledged.get();
    }

    /** Events acknowledged as duplicates: an earlier copy had been taken, its reply lost. */
    public long duplicates() {
        return duplicatesAcknowledged.get();
    }

    /** Lines written whose connection ended before their reply came (each was sent again). */
    public long unanswered() {
        return unanswered.get();
    }

    /** Lines written more than once. */
    public long resent() {
        return linesResent.get();
    }

    /** Replies {@code "retry":true} (the line was sent again). */
    public long retryReplies() {
        return retryReplies.get();
    }

    /** Connections opened after the first one of each connection slot. */
    public int reconnects() {
        return Math.max(0, connections.get() - config.connections);
    }

    /** The most lines a connection had written and not seen answered at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Lines written and not answered yet, over every open connection, right now. */
    public int inFlight() {
        return sessions.stream().mapToInt(s -> s.inFlight.size()).sum();
    }

    /** Error replies without {@code "retry":true}, each with its line: those events were not taken. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Replies that did not match the line they answered in order (another uuid, another number of items). */
    public List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    public boolean isDone() {
        return done;
    }

    /** Starts flooding on threads of its own; the give-up time counts from here. */
    public PipeliningSender start() {
        startedNanos = System.nanoTime();
        coordinator.start();
        return this;
    }

    /**
     * At most {@code n} new events a second from now on (lines sent again are not counted); 0 for as fast as the
     * proxy answers. What was not used before does not carry over.
     */
    public PipeliningSender eventsPerSecond(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("events per second: " + n);
        }
        synchronized (rate) {
            eventsPerSecond = n;
            allowance = 0;
            allowanceAtNanos = System.nanoTime();
        }
        return this;
    }

    /**
     * Takes the allowance for a line of {@code events} if any is left (the last line may overdraw it), refilling
     * it at the rate, up to {@value #RATE_WAIT_MILLIS} ms worth.
     */
    private boolean rateAllows(int events) {
        synchronized (rate) {
            if (eventsPerSecond == 0) {
                return true;
            }
            long now = System.nanoTime();
            double cap = eventsPerSecond * RATE_WAIT_MILLIS / 1000.0;
            allowance = Math.min(cap, allowance + eventsPerSecond * (now - allowanceAtNanos) / 1e9);
            allowanceAtNanos = now;
            if (allowance <= 0) {
                return false;
            }
            allowance -= events;
            return true;
        }
    }

    /** The flood is over: no new lines from now on; the ones not acknowledged yet are sent until they are. */
    public void finish() {
        finishing = true;
    }

    /** Waits until at least {@code n} events were acknowledged; fails when the sender ended or failed first. */
    public void awaitAcknowledged(long n, Duration timeout) {
        Await.until(timeout, () -> {
            if (eventsAcknowledged.get() >= n) {
                return true;
            }
            if (eventsGenerated.get() >= config.maxEvents && outstandingLines.get() == 0) {
                throw new AssertionError("the flood reached its bound of " + config.maxEvents
                        + " events before " + n + " were acknowledged: " + describe());
            }
            if (done || failure != null) {
                throw new AssertionError("the sender ended before " + n + " events were acknowledged: " + describe(),
                        failure);
            }
            return false;
        }, () -> n + " events acknowledged; " + describe());
    }

    /** Waits until the flood and the drain marker are acknowledged ({@link #finish()} first); fails otherwise. */
    public void awaitDone(Duration timeout) {
        Await.until(timeout, () -> done, () -> "the sender to finish; " + describe());
        if (failure != null) {
            throw new AssertionError("the sender failed: " + describe(), failure);
        }
    }

    /** Counters and the last connection ends and replies, for failure messages. */
    public String describe() {
        return "sender '" + config.label + "' (" + config.connections + " connections, window " + config.window
                + "): " + linesGenerated.get() + " lines of " + eventsGenerated.get() + " events, "
                + linesWritten.get() + " lines written (" + linesResent.get() + " resent), "
                + linesAcknowledged.get() + " lines / " + eventsAcknowledged.get() + " events acknowledged ("
                + duplicatesAcknowledged.get() + " duplicates; ledger " + ledger.acknowledgedTotal() + "), "
                + outstandingLines.get() + " lines outstanding, " + inFlight() + " in flight (most "
                + maxInFlight.get() + " on one connection), " + unanswered.get() + " unanswered, "
                + reconnects() + " reconnects, " + replyTimeouts.get() + " reply timeouts, "
                + retryReplies.get() + " retry replies" + (lastRetryReplies.isEmpty() ? ""
                        : " (last: " + lastRetryReplies.get(lastRetryReplies.size() - 1) + ")")
                + ", errors " + errors + ", protocol errors " + protocolErrors
                + (connectionEnds.isEmpty() ? "" : ", last connection ends: " + connectionEnds)
                + (finishing ? ", finishing" : "") + (done ? ", done" : ", running")
                + (failure == null ? "" : ", failed: " + failure);
    }

    /** Stops sending (what is in flight is abandoned) and closes every connection. */
    @Override
    public void close() {
        stopRequested = true;
        sessions.forEach(s -> s.end("sender closed"));
        coordinator.interrupt();
        slots.forEach(Thread::interrupt);
        try {
            coordinator.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void run() {
        try {
            for (int slot = 0; slot < config.connections; slot++) {
                int id = slot;
                Thread thread = new Thread(() -> runSlot(id), "flood-" + config.label + "-" + slot);
                thread.setDaemon(true);
                slots.add(thread);
                thread.start();
            }
            for (Thread thread : slots) {
                thread.join(); // each ends when everything is acknowledged, on a failure, or on close()
            }
            if (failure == null && !stopRequested) {
                for (int i = 0; i < 2; i++) {
                    sendMarker();
                }
            }
        } catch (Stopped | InterruptedException stopped) {
            // close() asked for it
        } catch (Throwable t) {
            fail(t);
        } finally {
            done = true;
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        stopRequested = true; // one broken connection slot stops the others: the test fails on the first cause
        sessions.forEach(s -> s.end("another connection slot failed"));
    }

    private boolean allAcknowledged() {
        return finishing && outstandingLines.get() == 0;
    }

    private void checkGiveUp() {
        if (stopRequested) {
            throw new Stopped();
        }
        if (System.nanoTime() - startedNanos > config.giveUpAfter.toNanos()) {
            throw new AssertionError("gave up after " + config.giveUpAfter.toSeconds() + " s with "
                    + outstandingLines.get() + " lines not acknowledged: " + describe());
        }
    }

    /** A connection slot: connects, pipelines until the connection ends, connects again, till all is acknowledged. */
    private void runSlot(int slot) {
        Random random = new Random(config.seed * 31 + slot);
        try {
            while (!allAcknowledged()) {
                checkGiveUp();
                Socket socket = connect();
                if (socket == null) {
                    pause(RETRY_PAUSE);
                    continue;
                }
                new Session(slot, socket).run(random);
            }
        } catch (Stopped stopped) {
            // close() or another slot's failure
        } catch (Throwable t) {
            fail(t);
        }
    }

    private Socket connect() {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", config.port), 2_000);
            socket.setSoTimeout(POLL_MILLIS);
            socket.setTcpNoDelay(true);
            connections.incrementAndGet();
            return socket;
        } catch (IOException refused) {
            closeQuietly(socket);
            return null;
        }
    }

    /**
     * The next line to write: one to send again if any is due, else a new one while the flood goes on and the
     * rate allows; null when there is none (after waiting a little for one to send again, if {@code mayWait}).
     */
    private Line nextLine(Random random, int[] nextSize, boolean mayWait) throws InterruptedException {
        Pending again = mayWait ? pending.poll(RATE_WAIT_MILLIS, TimeUnit.MILLISECONDS) : pending.poll();
        if (again != null) {
            linesResent.incrementAndGet();
            return again.line();
        }
        if (finishing || eventsGenerated.get() >= config.maxEvents) {
            return null;
        }
        if (nextSize[0] == 0) {
            nextSize[0] = lineSize(random);
        }
        if (!rateAllows(nextSize[0])) {
            return null;
        }
        Line line = generate(random, nextSize[0]);
        nextSize[0] = 0;
        return line;
    }

    /** How many events the next new line has: 1, or a list's size. */
    private int lineSize(Random random) {
        boolean list = config.listEvery > 0 && random.nextInt(config.listEvery) == 0;
        return list ? config.minListSize + random.nextInt(config.maxListSize - config.minListSize + 1) : 1;
    }

    /** A new line of {@code n} events: one event, or an EventList when {@code n > 1}. */
    private Line generate(Random random, int n) {
        boolean list = n > 1;
        List<Item> items = new ArrayList<>(n);
        ArrayNode events = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            Item item = new Item(UUID.randomUUID().toString(), config.messages.get(pick(random)));
            items.add(item);
            events.add(event(item));
        }
        String text;
        if (list) {
            ObjectNode eventList = JSON.createObjectNode().put("kind", "EventList");
            eventList.set("items", events);
            text = eventList.toString();
        } else {
            text = events.get(0).toString();
        }
        outstandingLines.incrementAndGet(); // before it can be acknowledged
        linesGenerated.incrementAndGet();
        eventsGenerated.addAndGet(n);
        return new Line((text + "\n").getBytes(StandardCharsets.UTF_8), List.copyOf(items), list);
    }

    /** Skewed towards the first messages: index = n * r^2 for r uniform in [0, 1). */
    private int pick(Random random) {
        double r = random.nextDouble();
        return (int) (config.messages.size() * r * r);
    }

    /** One LINK_DOWN event about the same port from the same source: the message alone tells dedup keys apart. */
    private static ObjectNode event(Item item) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("meta").put("uuid", item.uuid());
        event.put("type", "LINK_DOWN").put("severity", "warn").put("message", item.message());
        event.putObject("source").put("component", "linkmgr").put("node-name", "leaf1");
        event.putObject("object-ref").put("kind", "Port").put("name", "eth1");
        return event;
    }

    /** Decides on one reply, matched to the line it answers (the oldest unanswered one of its connection). */
    private void handle(Line line, String reply) {
        JsonNode answer;
        try {
            answer = JSON.readTree(reply);
        } catch (IOException notJson) {
            keep(protocolErrors, "a reply that is not JSON: " + reply + " (for " + line.text() + ")");
            pending.add(new Pending(line, System.nanoTime()));
            return;
        }
        if ("ok".equals(answer.path("status").asText())) {
            long duplicates;
            if (line.list) {
                int accepted = answer.path("accepted").asInt(-1);
                if (accepted != line.items.size()) {
                    keep(protocolErrors, "a list of " + line.items.size() + " events answered " + reply);
                }
                duplicates = answer.path("duplicates").asInt(0);
            } else {
                String uuid = line.items.get(0).uuid();
                if (!uuid.equals(answer.path("uuid").asText())) {
                    keep(protocolErrors, "the event " + uuid + " answered " + reply
                            + " (replies out of order, or for another line)");
                }
                duplicates = answer.path("duplicate").asBoolean(false) ? 1 : 0;
            }
            for (Item item : line.items) {
                ledger.acknowledged(item.message(), item.uuid());
            }
            duplicatesAcknowledged.addAndGet(duplicates);
            eventsAcknowledged.addAndGet(line.items.size());
            linesAcknowledged.incrementAndGet();
            outstandingLines.decrementAndGet();
            return;
        }
        if (answer.path("retry").asBoolean(false)) {
            retryReplies.incrementAndGet();
            keep(lastRetryReplies, reply);
            pending.add(new Pending(line, System.nanoTime() + RETRY_PAUSE.toNanos()));
            return;
        }
        errors.add(reply + " (for " + line.text() + ")");
        outstandingLines.decrementAndGet(); // not taken, and sending it again would not help
    }

    /** The drain marker, one line at a time on a connection of its own, each until acknowledged. */
    private void sendMarker() {
        Item item = new Item(UUID.randomUUID().toString(), drainMarker());
        String line = event(item).toString();
        while (true) {
            checkGiveUp();
            String reply;
            try (ProxyClient client = ProxyClient.connect("127.0.0.1", config.port, config.readTimeout)) {
                linesWritten.incrementAndGet();
                reply = client.send(line);
            } catch (UncheckedIOException lost) {
                keep(connectionEnds, "drain marker: " + lost.getMessage());
                pause(RETRY_PAUSE);
                continue;
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(reply);
            } catch (IOException notJson) {
                throw new AssertionError("the drain marker was answered " + reply, notJson);
            }
            if ("ok".equals(answer.path("status").asText())) {
                ledger.acknowledged(item.message(), item.uuid());
                eventsAcknowledged.incrementAndGet();
                duplicatesAcknowledged.addAndGet(answer.path("duplicate").asBoolean(false) ? 1 : 0);
                return;
            }
            if (!answer.path("retry").asBoolean(false)) {
                errors.add(reply + " (for " + line + ")");
                return;
            }
            retryReplies.incrementAndGet();
            pause(RETRY_PAUSE);
        }
    }

    /** One connection while it lasts: the slot's thread writes, a thread of its own reads. */
    private final class Session {
        private final int slot;
        private final Socket socket;
        private final ConcurrentLinkedQueue<Sent> inFlight = new ConcurrentLinkedQueue<>();
        private final Semaphore window = new Semaphore(config.window);
        private volatile boolean open = true;
        private volatile long lastReplyNanos = System.nanoTime();

        Session(int slot, Socket socket) {
            this.slot = slot;
            this.socket = socket;
        }

        void run(Random random) {
            sessions.add(this);
            Thread reader = new Thread(this::read, "flood-" + config.label + "-" + slot + "-replies");
            reader.setDaemon(true);
            reader.start();
            try {
                write(random);
            } catch (IOException e) {
                end("write failed: " + e);
            } catch (InterruptedException e) {
                end("interrupted");
                throw new Stopped();
            } finally {
                end("connection closed by the sender");
                try {
                    reader.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sessions.remove(this);
                // What the connection took without answering goes out again, same bytes, on the next connection.
                for (Sent sent; (sent = inFlight.poll()) != null; ) {
                    unanswered.incrementAndGet();
                    pending.add(new Pending(sent.line(), System.nanoTime()));
                }
            }
        }

        private void write(Random random) throws IOException, InterruptedException {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            int[] nextSize = {0};
            int unflushed = 0;
            while (open) {
                checkGiveUp();
                if (!window.tryAcquire()) {
                    if (unflushed > 0) {
                        out.flush();
                        unflushed = 0;
                    }
                    if (!window.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                }
                Line line = nextLine(random, nextSize, false);
                if (line == null) {
                    if (unflushed > 0) {
                        out.flush();
                        unflushed = 0;
                    }
                    line = nextLine(random, nextSize, true);
                    if (line == null) {
                        window.release();
                        if (allAcknowledged()) {
                            return;
                        }
                        continue;
                    }
                }
                inFlight.add(new Sent(line, System.nanoTime())); // before writing: its reply may come at once
                maxInFlight.accumulateAndGet(config.window - window.availablePermits(), Math::max);
                linesWritten.incrementAndGet();
                out.write(line.bytes);
                if (++unflushed >= FLUSH_EVERY) {
                    out.flush();
                    unflushed = 0;
                }
            }
        }

        private void read() {
            ReplyReader replies;
            try {
                replies = new ReplyReader(socket.getInputStream());
            } catch (IOException e) {
                end("cannot read: " + e);
                return;
            }
            while (true) {
                String reply;
                try {
                    reply = replies.next();
                } catch (SocketTimeoutException idle) {
                    if (!open) {
                        return;
                    }
                    Sent oldest = inFlight.peek();
                    long since = oldest == null ? 0 : Math.max(oldest.writtenAtNanos(), lastReplyNanos);
                    if (oldest != null && System.nanoTime() - since > config.readTimeout.toNanos()) {
                        replyTimeouts.incrementAndGet();
                        end("no reply within " + config.readTimeout.toMillis() + " ms");
                        return;
                    }
                    continue;
                } catch (IOException e) {
                    end("read failed: " + e);
                    return;
                }
                if (reply == null) {
                    end("the proxy closed the connection");
                    return;
                }
                lastReplyNanos = System.nanoTime();
                Sent sent = inFlight.poll();
                if (sent == null) {
                    keep(protocolErrors, "a reply with no line unanswered: " + reply);
                    end("a reply with no line unanswered");
                    return;
                }
                window.release();
                try {
                    handle(sent.line(), reply);
                } catch (RuntimeException e) {
                    fail(e);
                    end("failed: " + e);
                    return;
                }
            }
        }

        void end(String why) {
            if (open) {
                open = false;
                keep(connectionEnds, "connection " + slot + ": " + why);
            }
            closeQuietly(socket);
        }
    }

    /**
     * Reply lines from a socket whose reads time out every {@value #POLL_MILLIS} ms: a timeout in the middle of
     * a line keeps what was read of it (a {@link java.io.BufferedReader} would lose it).
     */
    private static final class ReplyReader {
        private final InputStream in;
        private final byte[] buffer = new byte[16 * 1024];
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private int position;
        private int limit;

        ReplyReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its end, or null at the end of the stream; a read timeout throws and loses nothing. */
        String next() throws IOException {
            while (true) {
                while (position < limit) {
                    byte b = buffer[position++];
                    if (b == '\n') {
                        String line = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                    }
                    partial.write(b);
                }
                int n = in.read(buffer); // SocketTimeoutException before anything was read
                if (n < 0) {
                    return null;
                }
                position = 0;
                limit = n;
            }
        }
    }

    private static void keep(List<String> list, String entry) {
        list.add(entry);
        while (list.size() > KEPT) {
            list.remove(0);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The client's own wait before trying again, not a test waiting for an outcome. */
    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    /** How to flood. */
    public static final class Builder {
        private final int port;
        private final DeliveryLedger ledger;
        private String label = "flood";
        private List<String> messages;
        private int messageCount = 40;
        private int connections = 8;
        private int window = 64;
        private int listEvery = 4;
        private int minListSize = 2;
        private int maxListSize = 6;
        private long maxEvents = 500_000;
        private int eventsPerSecond;
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration giveUpAfter = Duration.ofSeconds(90);
        private long seed = 20261201L;

        private Builder(int port, DeliveryLedger ledger) {
            this.port = port;
            this.ledger = ledger;
        }

        /** Names the sender and its messages ({@code "<label> message #i"}). Default: flood. */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** How many distinct messages (dedup keys) events are chosen from. Default: 40. */
        public Builder distinctMessages(int n) {
            this.messageCount = n;
            return this;
        }

        /** How many connections pipeline at once. Default: 8. */
        public Builder connections(int n) {
            this.connections = n;
            return this;
        }

        /** Most lines a connection writes before it has their replies. Default: 64. */
        public Builder window(int lines) {
            this.window = lines;
            return this;
        }

        /** One line in {@code n} is an EventList (0: none). Default: 4. */
        public Builder listEvery(int n) {
            this.listEvery = n;
            return this;
        }

        /** Events in an EventList line, chosen uniformly in [min, max]. Default: 2 to 6. */
        public Builder listSize(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("list size " + min + ".." + max);
            }
            this.minListSize = min;
            this.maxListSize = max;
            return this;
        }

        /** A bound on the flood if the test never {@linkplain #finish() finishes} it. Default: 500,000 events. */
        public Builder maxEvents(long n) {
            this.maxEvents = n;
            return this;
        }

        /** At most this many new events a second at first ({@link PipeliningSender#eventsPerSecond}); 0: no limit. */
        public Builder eventsPerSecond(int n) {
            this.eventsPerSecond = n;
            return this;
        }

        /** How long a connection with lines unanswered may go without a reply before it is lost. Default: 10 s. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** The sender fails when it is still not done this long after its start. Default: 90 s. */
        public Builder giveUpAfter(Duration giveUpAfter) {
            this.giveUpAfter = giveUpAfter;
            return this;
        }

        /** Seed of the message choice and of the line shapes, per connection. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The sender, not started yet ({@link PipeliningSender#start()}): e.g. in a try-with-resources header. */
        public PipeliningSender build() {
            messages = List.copyOf(SteadySender.messages(label, messageCount));
            return new PipeliningSender(this);
        }

        /** Starts flooding on threads of its own. */
        public PipeliningSender start() {
            return build().start();
        }
    }
}
