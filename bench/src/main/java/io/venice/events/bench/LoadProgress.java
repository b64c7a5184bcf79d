package io.venice.events.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of a load, readable from another thread while it runs (the soak samples them every interval; a
 * {@link LoadGenerator.Result} only comes at the end). Each figure is updated as the load generator writes a line
 * or reads its reply; {@link #snapshot()} reads them all.
 */
public final class LoadProgress {

    /**
     * The totals at one moment.
     *
     * @param eventsSent     events written to the proxy
     * @param repeatsSent    exact repeats among them
     * @param eventsAcked    events the replies accepted
     * @param distinctAcked  accepted events that were not repeats: each must reach every writer once with count 1
     * @param eventsRejected events the replies did not accept
     */
    public record Totals(long eventsSent, long repeatsSent, long eventsAcked, long distinctAcked, long eventsRejected) {
    }

    private final LongAdder sent = new LongAdder();
    private final LongAdder repeats = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder distinct = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** A line of {@code events} events went out, {@code repeatsInLine} of them exact repeats. */
    void sent(int events, int repeatsInLine) {
        sent.add(events);
        repeats.add(repeatsInLine);
    }

    /**
     * The reply to a line with {@code repeatsInLine} repeats accepted {@code accepted} events and not
     * {@code notAccepted}. When a list is accepted in part, which of its items were repeats is not known: the
     * distinct count then assumes the repeats were among the accepted (the soak fails on any rejection anyway).
     */
    void answered(int accepted, int notAccepted, int repeatsInLine) {
        acked.add(accepted);
        distinct.add(Math.max(0, accepted - repeatsInLine));
        rejected.add(notAccepted);
    }

    public Totals snapshot() {
        return new Totals(sent.sum(), repeats.sum(), acked.sum(), distinct.sum(), rejected.sum());
    }
}
