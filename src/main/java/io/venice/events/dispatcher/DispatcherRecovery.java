package io.venice.events.dispatcher;

import java.util.HashMap;
import java.util.Map;

import io.venice.events.proxy.AcceptedUuids;
import io.venice.events.store.EventStore;
import io.venice.events.store.StoredEvent;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before the routes: puts the dispatcher's memory back from what the event store retains, so a restart
 * (or a crash) changes nothing a sender or a writer can see. The dedup windows reopen where their series are
 * (counts go on under the same uuid), the accepted uuids are remembered (a resend is still a duplicate), and every
 * held count that was never released goes back into the timed aggregate (released at its next flush).
 */
public final class DispatcherRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherRecovery.class);

    private DispatcherRecovery() {
    }

    public static void rebuild(EventStore store, DedupWindow windows, AcceptedUuids uuids, HeldCounts heldCounts,
                               CamelContext context) {
        Map<String, StoredEvent> held = new HashMap<>();
        Map<String, Integer> released = new HashMap<>();
        long[] lines = {0};
        long from = store.firstOffset();
        store.forEachRetained(stored -> { // good lines only: the store skips (and reports) damaged ones
            windows.restore(stored.event(), stored.at());
            uuids.restore(stored.occurrence(), stored.at());
            String series = stored.event().uuid();
            int count = stored.event().countOrOne();
            if (stored.held()) {
                held.merge(series, stored, (a, b) -> b.event().countOrOne() >= a.event().countOrOne() ? b : a);
            } else {
                released.merge(series, count, Math::max);
            }
            lines[0]++;
        });
        int pending = 0;
        for (StoredEvent state : held.values()) {
            if (state.event().countOrOne() > released.getOrDefault(state.event().uuid(), 0)) {
                heldCounts.restore(context, state, from); // guards from the oldest retained line: released at the next flush
                pending++;
            }
        }
        LOG.info("Event store: {} stored events read back; {} dedup windows open, {} held counts to release",
                lines[0], windows.size(), pending);
    }
}
