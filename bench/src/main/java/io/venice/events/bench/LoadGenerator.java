package io.venice.events.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Drives the proxy over N TCP connections with realistic events ({@link EventFactory}), in one of three modes:
 * <ul>
 *   <li>{@link Mode#PIPELINE}: one event per line; each connection keeps writing while it reads the replies, with
 *       at most {@code window} lines unanswered;</li>
 *   <li>{@link Mode#LIST}: EventList lines of {@code listSize} events, pipelined the same way;</li>
 *   <li>{@link Mode#SYNC}: one event per line, each connection waits for the reply before the next request.</li>
 * </ul>
 * A rate above zero paces the requests (events per second, over all connections), otherwise they go as fast as
 * the window allows. The acknowledgement latency is measured per line, from the moment the line is handed to the
 * socket to the moment its reply is read, so in the pipelined modes it includes the wait behind the other lines of
 * the window. With a {@link DeliveryTracker}, the uuid in each single-event reply of a first occurrence is passed on,
 * to match with the receivers.
 * <p>
 * Use: {@code LoadGenerator.run(Options.defaults(port).withMode(Mode.LIST))}, or from a shell
 * {@code java -cp venice-events-bench.jar io.venice.events.bench.LoadGenerator --port 9012 --mode pipeline --events 100000}.
 */
public final class LoadGenerator {

    public enum Mode {
        PIPELINE, LIST, SYNC;

        public static Mode parse(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to send.
     *
     * @param host          the proxy's address
     * @param port          the proxy's port
     * @param mode          pipeline, list or sync
     * @param connections   TCP connections, each with its own event stream
     * @param events        events to send in all (split evenly over the connections)
     * @param window        most unanswered lines per connection in the pipelined modes
     * @param listSize      events per EventList line in {@link Mode#LIST}
     * @param ratePerSecond events per second over all connections; 0 for as fast as possible
     * @param repeatShare   share of events that are exact repeats of a recent one, 0 to 1
     * @param seed          seed of the event choices
     * @param streamBase    the connections use event streams {@code streamBase}, {@code streamBase+1}, ...: give
     *                      each run against one runner its own base so its events are not repeats of earlier ones
     * @param threads       threads driving the pipelined connections (sync mode uses one per connection)
     * @param timeout       the run is abandoned with an exception after this long
     * @param tracker       receives the uuid of each acknowledged first occurrence; null for none
     * @param progress      running totals, updated during the run (pipelined and sync modes); null for none
     */
    public record Options(String host, int port, Mode mode, int connections, long events, int window, int listSize,
                          double ratePerSecond, double repeatShare, long seed, long streamBase, int threads,
                          Duration timeout, DeliveryTracker tracker, LoadProgress progress) {

        public Options {
            if (connections < 1 || events < 1 || window < 1 || listSize < 1 || threads < 1) {
                throw new IllegalArgumentException("connections, events, window, list size and threads must be at least 1");
            }
            if (ratePerSecond < 0 || repeatShare < 0 || repeatShare > 1) {
                throw new IllegalArgumentException("rate must be 0 or more, repeat share between 0 and 1");
            }
        }

        /** 16 pipelining connections, window 64, 100,000 events, no rate limit, 10% repeats. */
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, Mode.PIPELINE, 16, 100_000, 64, 100, 0, 0.10, 42, 1, 1,
                    Duration.ofMinutes(10), null, null);
        }

        public Options withMode(Mode m) {
            return new Options(host, port, m, connections, events, window, listSize, ratePerSecond, repeatShare, seed,
                    streamBase, threads, timeout, tracker, progress);
        }

        public Options withLoad(int newConnections, long newEvents, double newRate) {
            return new Options(host, port, mode, newConnections, newEvents, window, listSize, newRate, repeatShare, seed,
                    streamBase, threads, timeout, tracker, progress);
        }

        public Options withWindow(int newWindow, int newListSize) {
            return new Options(host, port, mode, connections, events, newWindow, newListSize, ratePerSecond, repeatShare,
                    seed, streamBase, threads, timeout, tracker, progress);
        }

        public Options withEvents(double newRepeatShare, long newSeed, long newStreamBase) {
            return new Options(host, port, mode, connections, events, window, listSize, ratePerSecond, newRepeatShare,
                    newSeed, newStreamBase, threads, timeout, tracker, progress);
        }

        public Options withRun(int newThreads, Duration newTimeout, DeliveryTracker newTracker) {
            return new Options(host, port, mode, connections, events, window, listSize, ratePerSecond, repeatShare, seed,
                    streamBase, newThreads, newTimeout, newTracker, progress);
        }

        public Options withProgress(LoadProgress newProgress) {
            return new Options(host, port, mode, connections, events, window, listSize, ratePerSecond, repeatShare, seed,
                    streamBase, threads, timeout, tracker, newProgress);
        }

        /** Events in one request line. */
        public int eventsPerLine() {
            return mode == Mode.LIST ? listSize : 1;
        }
    }

    /**
     * What happened.
     *
     * @param eventsSent     events written to the proxy
     * @param eventsAcked    events the replies say were accepted
     * @param eventsRejected events the replies say were not (including {@code busyEvents})
     * @param busyEvents     events answered "retry":true (the event store full)
     * @param repeatsSent    exact repeats among the events sent
     * @param seconds        from the first request to the last reply
     * @param ackLatency     per request line, from write to reply
     * @param cpuSeconds     CPU time of the load generator's threads
     * @param sampleReply    the first reply line, to show what the proxy answered
     */
    public record Result(Mode mode, int connections, long linesSent, long eventsSent, long eventsAcked,
                         long eventsRejected, long busyEvents, long repeatsSent, double seconds,
                         LatencyRecorder.Percentiles ackLatency, double cpuSeconds, String sampleReply) {

        public double ackedPerSecond() {
            return seconds <= 0 ? 0 : eventsAcked / seconds;
        }

        public String summary() {
            return String.format(Locale.ROOT,
                    "%s x%d: %,d events sent (%,d repeats), %,d acked, %,d rejected (%,d busy) in %.2f s = %,.0f events/s; "
                            + "ack latency per line p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms; load generator CPU %.1f s",
                    mode.wireName(), connections, eventsSent, repeatsSent, eventsAcked, eventsRejected, busyEvents,
                    seconds, ackedPerSecond(), LatencyRecorder.Percentiles.ms(ackLatency.p50()),
                    LatencyRecorder.Percentiles.ms(ackLatency.p99()), LatencyRecorder.Percentiles.ms(ackLatency.p999()),
                    LatencyRecorder.Percentiles.ms(ackLatency.max()), cpuSeconds);
        }
    }

    private LoadGenerator() {
    }

    /** Sends the events and waits for every reply; throws when a connection fails or the timeout passes. */
    public static Result run(Options options) throws Exception {
        return options.mode() == Mode.SYNC ? SyncClients.run(options) : PipeliningClients.run(options);
    }

    /** {@code --port P [--host H] [--mode pipeline|list|sync] [--connections N] [--events N] [--window N]
     * [--list-size N] [--rate N] [--repeat-share X] [--seed N] [--threads N]}. */
    public static void main(String[] args) throws Exception {
        Deque<String> rest = new ArrayDeque<>(java.util.List.of(args));
        Options o = Options.defaults(9012);
        String host = o.host();
        int port = o.port();
        Mode mode = o.mode();
        int connections = o.connections();
        long events = o.events();
        int window = o.window();
        int listSize = o.listSize();
        double rate = o.ratePerSecond();
        double repeatShare = o.repeatShare();
        long seed = o.seed();
        int threads = o.threads();
        while (!rest.isEmpty()) {
            String flag = rest.pop();
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println("usage: LoadGenerator --port P [--host H] [--mode pipeline|list|sync] [--connections N]"
                        + " [--events N] [--window N] [--list-size N] [--rate EVENTS_PER_S] [--repeat-share 0..1]"
                        + " [--seed N] [--threads N]");
                return;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = rest.pop();
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--mode" -> mode = Mode.parse(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--events" -> events = Long.parseLong(value.replace("_", ""));
                case "--window" -> window = Integer.parseInt(value);
                case "--list-size" -> listSize = Integer.parseInt(value);
                case "--rate" -> rate = Double.parseDouble(value.replace("_", ""));
                case "--repeat-share" -> repeatShare = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--threads" -> threads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        Options options = new Options(host, port, mode, connections, events, window, listSize, rate, repeatShare, seed,
                System.currentTimeMillis() % 1_000_000 * 1000, threads, o.timeout(), null, null);
        System.out.println(run(options).summary());
    }
}
