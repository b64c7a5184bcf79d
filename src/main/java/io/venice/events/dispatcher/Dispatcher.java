package io.venice.events.dispatcher;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.proxy.AcceptedUuids;
import io.venice.events.store.EventStore;
import io.venice.events.store.StoreFullException;
import io.venice.events.store.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events the proxy accepted into event states (first occurrence, or the series' uuid with its count
 * so far) and appends them to the event store, before the proxy replies. Counting and storing happen under one
 * lock, so the store holds each series' states in count order; when the store refuses them
 * ({@link StoreFullException}) the dedup windows are put back, so a resend is counted once. Once stored, the
 * events' uuids are marked stored: from then on a copy is acknowledged as a duplicate.
 * <p>
 * At start, {@link #rebuild()} reads the retained store to reopen the dedup windows and the accepted-uuid
 * memory where they were.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DedupWindow windows;
    private final AcceptedUuids acceptedUuids;
    private final EventStore store;
    private final Clock clock;

    public Dispatcher(DedupWindow windows, AcceptedUuids acceptedUuids, EventStore store, Clock clock) {
        this.windows = windows;
        this.acceptedUuids = acceptedUuids;
        this.store = store;
        this.clock = clock;
    }

    /** Counts and stores the accepted events; once this returns they survive a crash and may be acknowledged. */
    public synchronized void dispatch(List<Event> accepted) {
        DedupWindow.Tally tally = windows.count(accepted);
        long now = clock.millis();
        List<StoredEvent> states = new ArrayList<>(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            states.add(new StoredEvent(accepted.get(i).uuid(), now, tally.counted().get(i).state()));
        }
        try {
            store.append(states, false);
        } catch (RuntimeException e) {
            tally.undo();
            throw e;
        }
        tally.keep();
        acceptedUuids.stored(accepted.stream().map(Event::uuid).toList());
    }

    /** Reopens the dedup windows and remembers the accepted uuids of everything the store retains. */
    public synchronized void rebuild() {
        long[] lines = {0};
        store.forEachRetained(line -> {
            StoredEvent stored = EventJson.read(line, StoredEvent.class);
            windows.restore(stored.event(), stored.at());
            acceptedUuids.restore(stored.occurrence(), stored.at());
            lines[0]++;
        });
        LOG.info("Event store: {} stored events read back; {} dedup windows open", lines[0], windows.size());
    }
}
