package io.venice.events.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.venice.events.proxy.ConnectionLimit;
import io.venice.events.store.EventStore;
import io.venice.events.store.ReaderLag;
import io.venice.events.store.StoreComponent;
import io.venice.events.store.StoreEndpoint;
import io.venice.events.store.WriterFeed;
import io.venice.events.writers.WriterGauges;
import io.venice.events.writers.WriterMonitor;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * What {@code GET /status} answers: every route that reads the event store ({@code from: store:<log>?reader=<name>},
 * each writer and any destination added with routes), with its state, lag and last error; the store's use and
 * limit; the open proxy connections. Computed when asked, from what the pipeline already holds.
 * <p>
 * A writer's {@code state}: {@code up} (its reader runs, its last attempt reached the destination), {@code retrying}
 * (its last delivery attempt failed and is being retried, since {@code retrying-since}), {@code stopped} (its route
 * is enabled but not running), {@code disabled} (its route does not start, e.g. {@code writers.venice.enabled=false}).
 * {@code stalled-seconds} is how long it has had events behind without its offset moving: the {@code status}
 * command calls a writer stuck from it. No secret is shown: no destination URL, and errors pass through
 * {@link SafeErrorText}.
 */
final class WriterStatuses {

    private final CamelContext context;
    private final StoreComponent store;
    private final EventStore events;
    private final WriterGauges gauges;
    private final ConnectionLimit connections;

    WriterStatuses(CamelContext context, StoreComponent store, EventStore events, WriterGauges gauges,
                   ConnectionLimit connections) {
        this.context = context;
        this.store = store;
        this.events = events;
        this.gauges = gauges;
        this.connections = connections;
    }

    /** The answer, as a JSON object. */
    Map<String, Object> status() {
        List<Map<String, Object>> writers = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof StoreEndpoint endpoint && endpoint.getReader() != null) {
                writers.add(writer(route, endpoint.getReader()));
            }
        }
        Map<String, Object> storeUse = new LinkedHashMap<>();
        storeUse.put("bytes", events.retainedBytes());
        storeUse.put("max-bytes", events.maxBytes());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("writers", writers);
        status.put("store", storeUse);
        status.put("proxy-connections", connections == null ? 0 : connections.open());
        return status;
    }

    private Map<String, Object> writer(Route route, String name) {
        Map<String, Object> writer = new LinkedHashMap<>();
        writer.put("name", name);
        writer.put("route", route.getRouteId());
        Optional<WriterFeed> feed = store.reader(name);
        WriterMonitor monitor = context.getRegistry().lookupByNameAndType(name + "Monitor", WriterMonitor.class);
        Optional<WriterMonitor.Unreachable> unreachable = monitor == null ? Optional.empty() : monitor.unreachable();
        if (feed.isEmpty()) {
            writer.put("state", Boolean.FALSE.equals(route.isAutoStartup()) ? "disabled" : "stopped");
        } else {
            ReaderLag.Lag lag = gauges.lag(name);
            writer.put("state", unreachable.isPresent() ? "retrying" : "up");
            writer.put("events-behind", lag == null ? 0 : lag.events());
            writer.put("bytes-behind", lag == null ? 0 : lag.bytes());
            writer.put("oldest-seconds", lag == null ? 0.0 : lag.oldest().toMillis() / 1000.0);
            writer.put("stalled-seconds", lag == null ? 0.0 : lag.stalled().toMillis() / 1000.0);
            writer.put("last-moved", feed.get().lastMoved().toString());
        }
        writer.put("dead-letters", gauges.deadLetters(name));
        unreachable.ifPresent(down -> {
            writer.put("retrying-since", down.since().toString());
            writer.put("last-error", SafeErrorText.of(down.lastError()));
        });
        return writer;
    }
}
