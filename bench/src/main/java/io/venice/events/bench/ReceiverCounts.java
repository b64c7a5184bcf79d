package io.venice.events.bench;

/**
 * What a counting receiver has got so far.
 *
 * @param messages         HTTP requests or syslog messages
 * @param events           events in them
 * @param firsts           events with count 1: first occurrences
 * @param updates          events with a count above 1: updates of repeated events
 * @param bytes            payload bytes
 * @param malformed        requests or frames that could not be read
 * @param lastArrivalNanos {@link System#nanoTime()} of the latest arrival, 0 before the first
 * @param cpuSeconds       CPU time of the receiver's threads
 */
public record ReceiverCounts(long messages, long events, long firsts, long updates, long bytes, long malformed,
                             long lastArrivalNanos, double cpuSeconds) {

    /** The counts since an earlier snapshot (the arrival time stays the latest). */
    public ReceiverCounts minus(ReceiverCounts before) {
        return new ReceiverCounts(messages - before.messages, events - before.events, firsts - before.firsts,
                updates - before.updates, bytes - before.bytes, malformed - before.malformed, lastArrivalNanos,
                cpuSeconds - before.cpuSeconds);
    }
}
