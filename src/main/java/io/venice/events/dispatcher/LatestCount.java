package io.venice.events.dispatcher;

import io.venice.events.store.StoredEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The held-counts aggregation: of the states of one series (one uuid) held since the last flush, keeps the one
 * with the highest count (states of concurrent requests may arrive out of order; a count never goes down), and
 * the lowest event-store offset they were appended at ({@link HeldCounts} keeps the store from deleting it until
 * the count is released).
 */
public final class LatestCount implements AggregationStrategy {

    /** Header: where in the event store the request of a held state was appended (set by the store producer). */
    public static final String OFFSET = io.venice.events.store.StoreComponent.OFFSET;

    @Override
    public Exchange aggregate(Exchange held, Exchange repeat) {
        if (held == null) {
            return repeat;
        }
        StoredEvent kept = held.getMessage().getBody(StoredEvent.class);
        StoredEvent next = repeat.getMessage().getBody(StoredEvent.class);
        if (next.event().countOrOne() > kept.event().countOrOne()) {
            held.getMessage().setBody(next);
        }
        Long heldAt = held.getMessage().getHeader(OFFSET, Long.class);
        Long repeatAt = repeat.getMessage().getHeader(OFFSET, Long.class);
        if (heldAt == null || (repeatAt != null && repeatAt < heldAt)) {
            held.getMessage().setHeader(OFFSET, repeatAt);
        }
        return held;
    }
}
