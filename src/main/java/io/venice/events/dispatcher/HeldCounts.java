package io.venice.events.dispatcher;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.venice.events.store.EventStore;
import io.venice.events.store.StoredEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.DefaultExchange;

/**
 * The timed aggregate's repository: the latest count of each repeated series, held until the next flush. The
 * counts themselves are safe already (each repeat's state is in the event store, marked held, before the proxy
 * acknowledges it), so this keeps them in memory and guards the durable copy instead: while a count is held, or
 * released but not yet appended again, the store keeps everything from the offset it was appended at (reader
 * {@value #READER}). After a crash, {@link #restore} puts back, from the store, every held count that was never
 * released.
 */
public final class HeldCounts implements AggregationRepository {

    /** The event store reader whose offset keeps held counts from being deleted. */
    public static final String READER = "held-counts";
    /** The reader's offset while no count is guarded: past any end, so it keeps nothing. */
    private static final long NOTHING_HELD = Long.MAX_VALUE;

    private final EventStore store;
    private final Map<String, Exchange> held = new ConcurrentHashMap<>();
    /** Where each held series, and each released one not yet stored again (by exchange id), was appended. */
    private final Map<String, Long> guardedAt = new java.util.HashMap<>();
    /** The same offsets, counted: the lowest is where the store must keep its events from. */
    private final TreeMap<Long, Integer> guards = new TreeMap<>();

    public HeldCounts(EventStore store) {
        this.store = store;
        store.registerReader(READER, NOTHING_HELD);
    }

    @Override
    public Exchange add(CamelContext context, String uuid, Exchange exchange) {
        Long offset = exchange.getMessage().getHeader(LatestCount.OFFSET, Long.class);
        guard(uuid, offset == null ? store.firstOffset() : offset);
        return held.put(uuid, exchange);
    }

    @Override
    public Exchange get(CamelContext context, String uuid) {
        return held.get(uuid);
    }

    /** Completed (released): the guard moves to the released exchange until it is stored ({@link #confirm}). */
    @Override
    public void remove(CamelContext context, String uuid, Exchange exchange) {
        held.remove(uuid);
        synchronized (guards) {
            Long offset = guardedAt.remove(uuid);
            if (offset != null) {
                guardedAt.put(exchange.getExchangeId(), offset);
            }
        }
    }

    /** The released count is in the store again: its earlier copy may go. */
    @Override
    public void confirm(CamelContext context, String exchangeId) {
        // under the lock, as every other use of guardedAt: confirm runs on the held-counts route's thread while
        // the dispatcher adds and the aggregate releases on theirs (a HashMap changed by two threads at once can
        // lose an entry, and a guard without its entry is never taken off: the store could no longer trim)
        synchronized (guards) {
            Long offset = guardedAt.remove(exchangeId);
            if (offset != null) {
                release(offset);
            }
        }
    }

    @Override
    public Set<String> getKeys() {
        return Set.copyOf(held.keySet());
    }

    /** Puts back a held count read from the store at start (one never released), at the offset of its line. */
    public void restore(CamelContext context, StoredEvent state, long offset) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(state);
        exchange.getMessage().setHeader(LatestCount.OFFSET, offset);
        add(context, state.event().uuid(), exchange);
    }

    /** Held series. */
    public int size() {
        return held.size();
    }

    private void guard(String key, long offset) {
        synchronized (guards) {
            Long before = guardedAt.get(key);
            if (before != null && before <= offset) {
                return; // guarded from earlier already
            }
            guardedAt.put(key, offset);
            if (guards.isEmpty() || offset < guards.firstKey()) {
                store.advanceReader(READER, offset);
            }
            guards.merge(offset, 1, Integer::sum);
            if (before != null) {
                release(before);
            }
        }
    }

    /** Takes one guard off {@code offset}; when that moves the lowest guard, the store may delete up to the new one. */
    private void release(long offset) {
        Long lowest = guards.firstKey();
        guards.computeIfPresent(offset, (at, count) -> count == 1 ? null : count - 1);
        Long now = guards.isEmpty() ? null : guards.firstKey();
        if (!lowest.equals(now)) {
            store.advanceReader(READER, now == null ? NOTHING_HELD : now);
        }
    }
}
