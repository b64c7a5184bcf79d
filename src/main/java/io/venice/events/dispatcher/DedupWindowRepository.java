package io.venice.events.dispatcher;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dispatcher's second Idempotent Consumer's repository: the dedup windows ({@link DedupWindow}), keyed by
 * {@link DedupKeys#keyOf(Event)}. {@link #add(Exchange, String)} counts the occurrence in the exchange's body into
 * its window: true for a first occurrence, false for a repeat (the EIP runs with {@code skipDuplicate: false}, so a
 * repeat goes on, marked {@code CamelDuplicateMessage}). Either way the state to store is set as header
 * {@value #STATE}: the first occurrence as it came, or a repeat as its series (the first occurrence's uuid) with
 * the count so far, marked held (the timed aggregate releases the latest count).
 * <p>
 * With the split's shared unit of work, {@link #confirm} and {@link #remove} run once the whole request is
 * stored or has failed: a failed request's occurrences are taken back out of their windows, so a resend is counted
 * once. {@value #DEDUPLICATED} counts the repeats of the requests that were stored.
 */
public final class DedupWindowRepository extends ServiceSupport implements IdempotentRepository {

    /** Header with the {@link StoredEvent} an occurrence gives its series. */
    public static final String STATE = "VeniceEventsState";
    /** Micrometer name of the counter of repeats ({@code venice_events_deduplicated_total} in Prometheus). */
    public static final String DEDUPLICATED = "venice.events.deduplicated";

    /** What one request counted: its occurrences per key, to take back if it fails. */
    private static final class Counts {
        private final List<String> keys = new ArrayList<>();
        private final List<Integer> occurrences = new ArrayList<>();
        private int repeats;
    }

    private final DedupWindow windows;
    private final Clock clock;
    private final Counter deduplicated;
    private final Map<String, Counts> open = new ConcurrentHashMap<>();

    public DedupWindowRepository(DedupWindow windows, Clock clock, MeterRegistry meters) {
        this.windows = windows;
        this.clock = clock;
        this.deduplicated = Counter.builder(DEDUPLICATED)
                .description("Repeats of an event counted into its open dedup window instead of being sent on their own")
                .register(meters);
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        Event occurrence = exchange.getMessage().getBody(Event.class);
        DedupWindow.Counted counted = windows.count(key, occurrence);
        Counts counts = open.computeIfAbsent(AcceptedUuidRepository.requestOf(exchange), request -> new Counts());
        synchronized (counts) {
            counts.keys.add(key);
            counts.occurrences.add(occurrence.countOrOne());
            counts.repeats += counted.first() ? 0 : 1;
        }
        exchange.getMessage().setHeader(STATE,
                new StoredEvent(occurrence.uuid(), clock.millis(), !counted.first(), counted.state()));
        return counted.first();
    }

    /** The request was stored: its counts stay. */
    @Override
    public boolean confirm(Exchange request, String key) {
        Counts counts = open.remove(request.getExchangeId());
        if (counts != null) {
            deduplicated.increment(counts.repeats);
        }
        return true;
    }

    /** The request failed: every occurrence it counted is taken back (once, whichever of its keys comes first). */
    @Override
    public boolean remove(Exchange request, String key) {
        Counts counts = open.remove(request.getExchangeId());
        if (counts != null) {
            for (int i = counts.keys.size() - 1; i >= 0; i--) {
                windows.uncount(counts.keys.get(i), counts.occurrences.get(i));
            }
        }
        return true;
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("the dedup windows count an exchange's event: use add(exchange, key)");
    }

    @Override
    public boolean contains(String key) {
        throw new UnsupportedOperationException("the dedup windows are only used eagerly");
    }

    @Override
    public boolean remove(String key) {
        throw new UnsupportedOperationException("the dedup windows take back a request: use remove(exchange, key)");
    }

    @Override
    public boolean confirm(String key) {
        throw new UnsupportedOperationException("the dedup windows confirm a request: use confirm(exchange, key)");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the dedup windows close only by time or size");
    }

    @Override
    protected void doStart() {
        // in memory; rebuilt from the event store at start by DispatcherRecovery
    }

    @Override
    protected void doStop() {
        // nothing to release
    }
}
