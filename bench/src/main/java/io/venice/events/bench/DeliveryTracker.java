package io.venice.events.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins, for a random sample of events, the moment the load generator read the proxy's acknowledgement (the uuid
 * in the reply) with the moment each receiver got the event (the same uuid, {@code count} 1). The sample is taken
 * on the uuid's last hex digits, which the proxy draws at random, so both sides pick the same events without
 * talking to each other, and memory stays small on long runs. All times are {@link System#nanoTime()} of this JVM:
 * the load generator and the receivers run in the same process.
 */
public final class DeliveryTracker {

    /** Where an event arrived. */
    public enum Receiver { VENICE, SYSLOG }

    /** Acknowledgement-to-arrival latencies at one receiver, and sampled acknowledged events that never arrived. */
    public record Delivery(LatencyRecorder.Percentiles ackToArrival, long sampledAcked, long missing,
                           long arrivedBeforeAck) {
    }

    /**
     * What {@link #settle} took out.
     *
     * @param ackToArrival   per receiver, the latencies of the events settled by this call
     * @param settled        sampled events acknowledged and arrived at every receiver asked for, now forgotten
     * @param pending        sampled events acknowledged and not yet at every receiver (kept)
     * @param arrivedUnacked arrivals with no acknowledgement for longer than the grace given (forgotten): a first
     *                       occurrence the load generator never saw acknowledged as one, or one delivered twice
     */
    public record Settled(Map<Receiver, LatencyRecorder.Percentiles> ackToArrival, long settled, long pending,
                          long arrivedUnacked) {
    }

    private static final long UNSET = Long.MIN_VALUE;

    private final int sampleMask;
    private final ConcurrentHashMap<String, long[]> events = new ConcurrentHashMap<>();

    /** @param sampleEvery 1 in how many events is tracked: a power of two from 1 to 4096 */
    public DeliveryTracker(int sampleEvery) {
        if (sampleEvery < 1 || sampleEvery > 4096 || Integer.bitCount(sampleEvery) != 1) {
            throw new IllegalArgumentException("sample must be a power of two from 1 to 4096, got " + sampleEvery);
        }
        this.sampleMask = sampleEvery - 1;
    }

    /** Whether the event with this uuid (36 characters) is in the sample. */
    public boolean sampled(CharSequence uuid) {
        if (uuid.length() != 36) {
            return false;
        }
        int low = hex(uuid.charAt(33)) << 8 | hex(uuid.charAt(34)) << 4 | hex(uuid.charAt(35));
        return (low & sampleMask) == 0;
    }

    /** Whether the uuid of 36 ASCII bytes at {@code offset} is in the sample. */
    public boolean sampled(byte[] bytes, int offset) {
        int low = hex((char) bytes[offset + 33]) << 8 | hex((char) bytes[offset + 34]) << 4 | hex((char) bytes[offset + 35]);
        return (low & sampleMask) == 0;
    }

    /** The load generator read the acknowledgement of a first occurrence with this uuid. */
    public void acked(String uuid, long nanos) {
        if (sampled(uuid)) {
            long[] times = events.computeIfAbsent(uuid, k -> unset());
            synchronized (times) {
                times[0] = nanos;
            }
        }
    }

    /** A receiver got the first occurrence with this uuid; only the earliest arrival counts. */
    public void arrived(Receiver receiver, String uuid, long nanos) {
        long[] times = events.computeIfAbsent(uuid, k -> unset());
        int slot = 1 + receiver.ordinal();
        synchronized (times) {
            if (times[slot] == UNSET) {
                times[slot] = nanos;
            }
        }
    }

    /**
     * For long runs (the soak): takes out every sampled event acknowledged and arrived at each of
     * {@code receivers}, so that the tracker holds only what is on its way, and returns their ack-to-arrival
     * latencies. An arrival without an acknowledgement is kept for {@code unackedGraceNanos} (the reply may not
     * have been read yet), then dropped and counted. Afterwards {@link #deliveries()} sees only the events kept:
     * its {@code missing} are the acknowledged events not (yet) delivered.
     */
    public Settled settle(java.util.Set<Receiver> receivers, long nowNanos, long unackedGraceNanos) {
        Map<Receiver, LatencyRecorder> latencies = new EnumMap<>(Receiver.class);
        for (Receiver receiver : receivers) {
            latencies.put(receiver, new LatencyRecorder());
        }
        long settled = 0;
        long pending = 0;
        long unacked = 0;
        for (Map.Entry<String, long[]> entry : events.entrySet()) {
            long[] times = entry.getValue();
            long[] copy;
            synchronized (times) {
                copy = times.clone();
            }
            if (copy[0] == UNSET) {
                long earliest = Long.MAX_VALUE;
                for (Receiver receiver : receivers) {
                    long arrival = copy[1 + receiver.ordinal()];
                    if (arrival != UNSET) {
                        earliest = Math.min(earliest, arrival);
                    }
                }
                if (earliest != Long.MAX_VALUE && nowNanos - earliest > unackedGraceNanos
                        && events.remove(entry.getKey(), times)) {
                    unacked++;
                }
                continue;
            }
            boolean everywhere = true;
            for (Receiver receiver : receivers) {
                everywhere &= copy[1 + receiver.ordinal()] != UNSET;
            }
            if (!everywhere) {
                pending++;
                continue;
            }
            if (events.remove(entry.getKey(), times)) {
                settled++;
                for (Receiver receiver : receivers) {
                    latencies.get(receiver).record(copy[1 + receiver.ordinal()] - copy[0]);
                }
            }
        }
        Map<Receiver, LatencyRecorder.Percentiles> percentiles = new EnumMap<>(Receiver.class);
        latencies.forEach((receiver, recorder) -> percentiles.put(receiver, recorder.percentiles()));
        return new Settled(percentiles, settled, pending, unacked);
    }

    public void clear() {
        events.clear();
    }

    /** The latencies so far, per receiver. */
    public Map<Receiver, Delivery> deliveries() {
        Map<Receiver, Delivery> result = new EnumMap<>(Receiver.class);
        for (Receiver receiver : Receiver.values()) {
            LatencyRecorder latencies = new LatencyRecorder();
            long acked = 0;
            long missing = 0;
            long early = 0;
            int slot = 1 + receiver.ordinal();
            for (long[] times : events.values()) {
                long ack;
                long arrival;
                synchronized (times) {
                    ack = times[0];
                    arrival = times[slot];
                }
                if (ack == UNSET) {
                    continue;
                }
                acked++;
                if (arrival == UNSET) {
                    missing++;
                } else {
                    latencies.record(arrival - ack);
                    if (arrival < ack) {
                        early++;
                    }
                }
            }
            result.put(receiver, new Delivery(latencies.percentiles(), acked, missing, early));
        }
        return result;
    }

    private static long[] unset() {
        return new long[] {UNSET, UNSET, UNSET};
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return 0;
    }
}
