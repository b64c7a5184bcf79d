package io.venice.events.testing;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event source that keeps sending while a test breaks things around it, on a thread of its own.
 * <p>
 * It sends one event per line, synchronously (one line, then its reply), pacing its sends, choosing each event's
 * message from a fixed list with a skewed distribution so that some messages repeat often and dedup counts
 * matter. Every line carries a uuid of its own ({@code meta.uuid}), and a line is sent again, unchanged, until
 * the proxy answers {@code "status":"ok"}: after a {@code "retry":true} error, and after the connection failed
 * (refused while the runner is down, closed or reset when it stops or is killed), reconnecting as needed. A
 * resend of a line the proxy had taken before its reply was lost is then recognised by its uuid and not counted
 * again, so each line is acknowledged exactly once and every acknowledgement is recorded in the
 * {@link DeliveryLedger}. A reply that is an error without {@code "retry":true} is not resent but kept in
 * {@link #errors()}, for the test to fail on.
 * <p>
 * After the last event it sends the {@linkplain #drainMarker() drain marker} twice: a message of its own whose
 * second occurrence is a repeat count held until a flush. Because it is the last thing stored, the contract
 * cannot hold before the writers have delivered it, so a contract that holds is not a snapshot of a pipeline
 * that is still catching up with earlier counts.
 */
public final class SteadySender implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Wait between attempts after a refused connection or a "retry" reply. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);

    private final Builder config;
    private final DeliveryLedger ledger;
    private final Thread thread;
    private final AtomicInteger linesSent = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> retryReplies = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> connectionFailures = new CopyOnWriteArrayList<>();
    private volatile long maxReplyNanos;
    private volatile boolean stopRequested;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile ProxyClient client;

    private SteadySender(Builder config) {
        this.config = config;
        this.ledger = config.ledger;
        this.thread = new Thread(this::run, "steady-sender-" + config.label);
        this.thread.setDaemon(true);
    }

    /** A sender to the proxy on {@code 127.0.0.1:port}, recording acknowledgements in {@code ledger}. */
    public static Builder to(int port, DeliveryLedger ledger) {
        return new Builder(port, ledger);
    }

    /** {@code n} distinct messages (so {@code n} dedup keys) labelled {@code label}. */
    public static List<String> messages(String label, int n) {
        return IntStream.range(0, n).mapToObj(i -> label + " message #" + i).toList();
    }

    /** The message sent twice after the last event. */
    public String drainMarker() {
        return config.label + " drain marker";
    }

    /** The messages events are chosen from, most frequent first. */
    public List<String> messages() {
        return config.messages;
    }

    /** Lines written so far, resends included. */
    public int linesSent() {
        return linesSent.get();
    }

    /** Events acknowledged so far (the drain marker included). */
    public int acknowledged() {
        return acknowledged.get();
    }

    /** Lines written whose reply never came: the connection closed, reset or timed out first. */
    public int unanswered() {
        return unanswered.get();
    }

    /** Connections opened after the first. */
    public int reconnects() {
        return Math.max(0, connections.get() - 1);
    }

    /** Replies with {@code "retry":true} (the line was then sent again). */
    public List<String> retryReplies() {
        return List.copyOf(retryReplies);
    }

    /** Error replies without {@code "retry":true}, each with the line it answered: the event was not taken. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The longest time between writing a line and reading its reply. */
    public Duration maxReplyTime() {
        return Duration.ofNanos(maxReplyNanos);
    }

    public boolean isDone() {
        return done;
    }

    public SteadySender start() {
        thread.start();
        return this;
    }

    /** Waits until at least {@code n} events were acknowledged (for "mid-stream"); fails when the sender ended first. */
    public void awaitAcknowledged(int n, Duration timeout) {
        Await.until(timeout, () -> {
            if (acknowledged.get() >= n) {
                return true;
            }
            if (done) {
                throw new AssertionError("the sender ended before " + n + " events were acknowledged: " + describe(),
                        failure);
            }
            return false;
        }, () -> n + " events acknowledged; " + describe());
    }

    /** Waits until every event and the drain marker were sent and acknowledged; fails with the sender's state otherwise. */
    public void awaitDone(Duration timeout) {
        Await.until(timeout, () -> done, () -> "the sender to finish; " + describe());
        if (failure != null) {
            throw new AssertionError("the sender failed: " + describe(), failure);
        }
    }

    /** Counters and the last replies, for failure messages. */
    public String describe() {
        return "sender '" + config.label + "': " + linesSent.get() + " lines sent, " + acknowledged.get()
                + " acknowledged (ledger: " + ledger.acknowledgedTotal() + "), " + unanswered.get() + " unanswered, "
                + reconnects() + " reconnects, " + retryReplies.size() + " retry replies"
                + (retryReplies.isEmpty() ? "" : " (last: " + retryReplies.get(retryReplies.size() - 1) + ")")
                + ", errors " + errors + ", longest reply " + maxReplyTime().toMillis() + " ms"
                + (connectionFailures.isEmpty() ? "" : ", last connection failure: "
                        + connectionFailures.get(connectionFailures.size() - 1))
                + (done ? ", done" : ", running") + (failure == null ? "" : ", failed: " + failure);
    }

    /** Stops sending (what is in flight is abandoned) and closes the connection. */
    @Override
    public void close() {
        stopRequested = true;
        closeClient();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
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
        Random random = new Random(config.seed);
        long started = System.nanoTime();
        long giveUpAt = started + config.giveUpAfter.toNanos();
        try {
            int sent = 0;
            while (config.events > 0 ? sent < config.events
                    : System.nanoTime() - started < config.duration.toNanos()) {
                String message = config.messages.get(pick(random));
                sendUntilAcknowledged(line(message), message, giveUpAt);
                sent++;
                pause(config.pace);
            }
            for (int i = 0; i < 2; i++) {
                sendUntilAcknowledged(line(drainMarker()), drainMarker(), giveUpAt);
            }
        } catch (Stopped stopped) {
            // close() asked for it
        } catch (Throwable t) {
            failure = t;
        } finally {
            closeClient();
            done = true;
        }
    }

    /** Skewed towards the first messages: index = n * r^2 for r uniform in [0, 1). */
    private int pick(Random random) {
        double r = random.nextDouble();
        return (int) (config.messages.size() * r * r);
    }

    /** One LINK_DOWN event about the same port from the same source: the message alone tells dedup keys apart. */
    private static String line(String message) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("meta").put("uuid", UUID.randomUUID().toString());
        event.put("type", "LINK_DOWN").put("severity", "warn").put("message", message);
        event.putObject("source").put("component", "linkmgr").put("node-name", "leaf1");
        event.putObject("object-ref").put("kind", "Port").put("name", "eth1");
        return event.toString();
    }

    private void sendUntilAcknowledged(String line, String message, long giveUpAt) throws Exception {
        while (true) {
            if (stopRequested) {
                throw new Stopped();
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw new AssertionError("gave up after " + config.giveUpAfter.toSeconds()
                        + " s: the proxy never acknowledged " + line);
            }
            ProxyClient current = client;
            if (current == null) {
                try {
                    current = ProxyClient.connect("127.0.0.1", config.port, config.readTimeout);
                } catch (UncheckedIOException refused) {
                    connectionFailures.add(String.valueOf(refused.getCause()));
                    trim(connectionFailures);
                    pause(RETRY_PAUSE);
                    continue;
                }
                connections.incrementAndGet();
                client = current;
            }
            String reply;
            long before = System.nanoTime();
            try {
                linesSent.incrementAndGet();
                reply = current.send(line);
            } catch (UncheckedIOException dropped) {
                if (stopRequested) {
                    throw new Stopped();
                }
                unanswered.incrementAndGet();
                connectionFailures.add(String.valueOf(dropped.getMessage()) + ": " + dropped.getCause());
                trim(connectionFailures);
                closeClient();
                pause(RETRY_PAUSE);
                continue;
            }
            maxReplyNanos = Math.max(maxReplyNanos, System.nanoTime() - before);
            JsonNode answer = JSON.readTree(reply);
            if ("ok".equals(answer.path("status").asText())) {
                ledger.acknowledged(message);
                acknowledged.incrementAndGet();
                return;
            }
            if (answer.path("retry").asBoolean(false)) {
                retryReplies.add(reply);
                pause(RETRY_PAUSE);
                continue;
            }
            errors.add(reply + " (for " + line + ")");
            return;
        }
    }

    private static void trim(List<String> list) {
        while (list.size() > 20) {
            list.remove(0);
        }
    }

    private void closeClient() {
        ProxyClient current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }

    /** The client's own pacing (and its wait before trying again), not a test waiting for an outcome. */
    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    /** How to send. */
    public static final class Builder {
        private final int port;
        private final DeliveryLedger ledger;
        private String label = "steady";
        private List<String> messages;
        private int messageCount = 30;
        private int events = 1000;
        private Duration duration;
        private Duration pace = Duration.ofMillis(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private Duration giveUpAfter = Duration.ofSeconds(90);
        private long seed = 20261127L;

        private Builder(int port, DeliveryLedger ledger) {
            this.port = port;
            this.ledger = ledger;
        }

        /** Names the sender and its messages ({@code "<label> message #i"}). Default: steady. */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** How many distinct messages (dedup keys) events are chosen from. Default: 30. */
        public Builder distinctMessages(int n) {
            this.messageCount = n;
            return this;
        }

        /** Sends this many events (each until acknowledged), then the drain marker. Default: 1000. */
        public Builder events(int n) {
            this.events = n;
            this.duration = null;
            return this;
        }

        /** Sends events for this long instead of a number of them, then the drain marker. */
        public Builder sendFor(Duration duration) {
            this.duration = duration;
            this.events = 0;
            return this;
        }

        /** Pause after each acknowledged event. Default: 2 ms. */
        public Builder pace(Duration pace) {
            this.pace = pace;
            return this;
        }

        /** How long to wait for a reply before taking the connection for lost. Default: 5 s. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** The sender fails when it is still not done after this long. Default: 90 s. */
        public Builder giveUpAfter(Duration giveUpAfter) {
            this.giveUpAfter = giveUpAfter;
            return this;
        }

        /** Seed of the message choice, so a run can be repeated. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Starts sending on a thread of its own. */
        public SteadySender start() {
            messages = new ArrayList<>(messages(label, messageCount));
            return new SteadySender(this).start();
        }
    }
}
